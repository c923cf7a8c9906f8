package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Photos lose every bit of metadata on intake, and still look the same (and the right way up). */
class ImageSanitizerTest {

    @Test
    void aPhoneJpegWithGpsExifXmpAndACommentComesOutWithNoneOfThem() throws Exception {
        byte[] photo = TestPhotos.jpegWithGps(64, 48, 1);
        // The test photo really carries what a phone writes.
        assertThat(TestPhotos.markers(photo)).contains(0xE1, 0xFE);
        assertThat(TestPhotos.contains(photo, "Exif")).isTrue();
        assertThat(TestPhotos.contains(photo, TestPhotos.CAMERA)).isTrue();
        assertThat(TestPhotos.contains(photo, "GPSLatitude")).isTrue();
        assertThat(ImageSanitizer.exifOrientation(photo)).isEqualTo(1);

        ImageSanitizer.Clean clean = ImageSanitizer.clean(photo);

        assertThat(clean.mimeType()).isEqualTo("image/jpeg");
        // Only the bare JFIF header and the image's own tables remain: no APP1 (EXIF, XMP), no APPn, no comment.
        assertThat(TestPhotos.markers(clean.bytes()))
                .doesNotContain(0xE1, 0xE2, 0xED, 0xEE, 0xFE)
                .allMatch(m -> m == 0xE0 || m < 0xE0 || m == 0xDA);
        assertThat(TestPhotos.contains(clean.bytes(), "Exif")).isFalse();
        assertThat(TestPhotos.contains(clean.bytes(), TestPhotos.CAMERA)).isFalse();
        assertThat(TestPhotos.contains(clean.bytes(), TestPhotos.XMP_MARK)).isFalse();
        assertThat(TestPhotos.contains(clean.bytes(), "GPS")).isFalse();
        assertThat(TestPhotos.contains(clean.bytes(), "Acacia")).isFalse();
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(clean.bytes()));
        assertThat(back.getWidth()).isEqualTo(64);
        assertThat(back.getHeight()).isEqualTo(48);
        assertThat(new java.awt.Color(back.getRGB(5, 24)).getRed()).isGreaterThan(200);
        assertThat(new java.awt.Color(back.getRGB(58, 24)).getBlue()).isGreaterThan(200);
    }

    @Test
    void theOrientationIsAppliedToThePixelsBeforeItIsThrownAway() throws Exception {
        byte[] photo = TestPhotos.jpegWithGps(64, 48, 6);
        assertThat(ImageSanitizer.exifOrientation(photo)).isEqualTo(6);

        ImageSanitizer.Clean clean = ImageSanitizer.clean(photo);

        assertThat(clean.width()).isEqualTo(48);
        assertThat(clean.height()).isEqualTo(64);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(clean.bytes()));
        // Rotated 90° clockwise: the red left half is now the top.
        assertThat(new java.awt.Color(back.getRGB(24, 5)).getRed()).isGreaterThan(200);
        assertThat(new java.awt.Color(back.getRGB(24, 58)).getBlue()).isGreaterThan(200);
    }

    @Test
    void aPngWithTextChunksComesOutAsAPngWithoutThem() throws Exception {
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        byte[] png = withTextChunk(bytes.toByteArray(), "Location", "12 Acacia Avenue");
        assertThat(TestPhotos.contains(png, "Acacia")).isTrue();

        ImageSanitizer.Clean clean = ImageSanitizer.clean(png);

        assertThat(clean.mimeType()).isEqualTo("image/png");
        assertThat(TestPhotos.contains(clean.bytes(), "Acacia")).isFalse();
        assertThat(TestPhotos.contains(clean.bytes(), "tEXt")).isFalse();
    }

    @Test
    void whatIsNotAnImageIsRefusedWithAReason() {
        assertThatThrownBy(() -> ImageSanitizer.clean("not an image at all".getBytes()))
                .isInstanceOf(ImageSanitizer.Unreadable.class)
                .hasMessageContaining("not a JPEG, PNG, GIF or WebP");
        assertThatThrownBy(() -> ImageSanitizer.clean(new byte[0])).isInstanceOf(ImageSanitizer.Unreadable.class);
    }

    /** Inserts a tEXt chunk after IHDR. */
    private static byte[] withTextChunk(byte[] png, String key, String value) throws IOException {
        int ihdrEnd = 8 + 4 + 4 + 13 + 4;
        byte[] data = (key + "\0" + value).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, ihdrEnd);
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        d.writeInt(data.length);
        byte[] typeAndData = new byte[4 + data.length];
        System.arraycopy("tEXt".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, typeAndData, 0, 4);
        System.arraycopy(data, 0, typeAndData, 4, data.length);
        d.write(typeAndData);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(typeAndData);
        d.writeInt((int) crc.getValue());
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }
}
