package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * What photos are accepted: JPEG, PNG, GIF and WebP, each stood the right way up by its EXIF
 * orientation; HEIC refused with how to send a JPEG; BMP and TIFF refused with the accepted list.
 */
class PhotoFormatsTest {

    /** A 1×1 lossy WebP (VP8). */
    static final byte[] WEBP = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");

    @Test
    void aWebpIsAcceptedAndStoredAsAJpeg() throws Exception {
        assertThat(ImageSanitizer.sniff(WEBP)).isEqualTo(ImageSanitizer.Format.WEBP);
        ImageSanitizer.Clean clean = ImageSanitizer.clean(WEBP);
        assertThat(clean.mimeType()).isEqualTo("image/jpeg");
        assertThat(clean.width()).isEqualTo(1);
        assertThat(ImageIO.read(new ByteArrayInputStream(clean.bytes()))).isNotNull();
    }

    @Test
    void aWebpsExifOrientationIsRead() throws Exception {
        byte[] extended = webpWithExif(6);
        assertThat(ImageSanitizer.webpOrientation(extended)).isEqualTo(6);
        assertThat(ImageSanitizer.clean(extended).mimeType()).isEqualTo("image/jpeg");
    }

    @Test
    void aPngsExifOrientationIsAppliedToThePixels() throws Exception {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 40; x++) for (int y = 0; y < 20; y++) img.setRGB(x, y, x < 20 ? 0xFF0000 : 0x0000FF);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        byte[] png = withChunk(bytes.toByteArray(), "eXIf", tiff(6));
        assertThat(ImageSanitizer.pngOrientation(png)).isEqualTo(6);

        ImageSanitizer.Clean clean = ImageSanitizer.clean(png);

        assertThat(clean.width()).isEqualTo(20);
        assertThat(clean.height()).isEqualTo(40);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(clean.bytes()));
        // Rotated 90° clockwise: the red left half is now the top.
        assertThat(new Color(back.getRGB(10, 5)).getRed()).isGreaterThan(200);
        assertThat(new Color(back.getRGB(10, 35)).getBlue()).isGreaterThan(200);
        assertThat(TestPhotos.contains(clean.bytes(), "eXIf")).isFalse();
    }

    @Test
    void aHeicIsRefusedWithHowToSendAJpeg() throws Exception {
        ByteArrayOutputStream heic = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(heic);
        d.writeInt(24);
        d.writeBytes("ftypheic");
        d.writeInt(0);
        d.writeBytes("mif1heic");
        d.write(new byte[64]);
        assertThat(ImageSanitizer.sniff(heic.toByteArray())).isEqualTo(ImageSanitizer.Format.HEIC);
        assertThatThrownBy(() -> ImageSanitizer.clean(heic.toByteArray()))
                .isInstanceOf(ImageSanitizer.Unreadable.class)
                .satisfies(
                        e -> assertThat(((ImageSanitizer.Unreadable) e).key()).isEqualTo("drafts.error.photo-heic"));
        org.staffroom.chat.Texts messages = new org.staffroom.chat.Texts();
        assertThat(messages.get(java.util.Locale.UK, "drafts.error.photo-heic", "IMG_0001.HEIC"))
                .contains("IMG_0001.HEIC", "Settings → Camera → Formats → Most Compatible");
        assertThat(messages.get(java.util.Locale.forLanguageTag("es"), "drafts.error.photo-heic", "IMG_0001.HEIC"))
                .contains("Ajustes → Cámara → Formatos → Más compatible");
    }

    @Test
    void bmpAndTiffAreRefusedWithWhatIsAccepted() throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (String format : new String[] {"bmp", "tiff"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            assertThat(ImageIO.write(img, format, bytes)).isTrue();
            assertThatThrownBy(() -> ImageSanitizer.clean(bytes.toByteArray()))
                    .isInstanceOf(ImageSanitizer.Unreadable.class)
                    .hasMessage("not a JPEG, PNG, GIF or WebP image");
        }
    }

    /** A bare big-endian TIFF structure with one IFD entry: the orientation. */
    static byte[] tiff(int orientation) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.writeBytes("MM");
        d.writeShort(42);
        d.writeInt(8);
        d.writeShort(1);
        d.writeShort(0x0112);
        d.writeShort(3);
        d.writeInt(1);
        d.writeShort(orientation);
        d.writeShort(0);
        d.writeInt(0);
        return out.toByteArray();
    }

    /** Inserts a chunk after IHDR, with its CRC. */
    static byte[] withChunk(byte[] png, String type, byte[] data) throws IOException {
        int ihdrEnd = 8 + 4 + 4 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, ihdrEnd);
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        d.write(typeBytes);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        d.writeInt((int) crc.getValue());
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }

    /** The 1×1 WebP in an extended container (VP8X) with an EXIF chunk. */
    static byte[] webpWithExif(int orientation) throws IOException {
        byte[] vp8 = java.util.Arrays.copyOfRange(WEBP, 12, WEBP.length);
        byte[] exif = tiff(orientation);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes("VP8X".getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(new byte[] {10, 0, 0, 0, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        body.writeBytes(vp8);
        body.writeBytes("EXIF".getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(new byte[] {(byte) exif.length, 0, 0, 0});
        body.writeBytes(exif);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        int size = body.size();
        out.writeBytes(new byte[] {(byte) size, (byte) (size >> 8), 0, 0});
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
