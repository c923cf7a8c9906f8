package org.staffroom.drafts;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Test photos carrying what a phone camera writes: an EXIF segment with the camera's make and
 * model, the orientation and a GPS position, an XMP packet with the same position, and a comment.
 */
public final class TestPhotos {

    public static final String CAMERA = "PhoneCam Model-X";
    public static final String XMP_MARK = "http://ns.adobe.com/xap/1.0/";

    private TestPhotos() {}

    /** A w×h JPEG, left half red, right half blue, with EXIF (GPS, camera, orientation), XMP and a comment. */
    public static byte[] jpegWithGps(int w, int h, int orientation) {
        byte[] plain = plainJpeg(w, h);
        // Drop the JFIF APP0 ImageIO wrote, as cameras do, and put the metadata segments first.
        int afterApp0 = 2 + 2 + (((plain[4] & 0xFF) << 8) | (plain[5] & 0xFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        writeSegment(out, 0xE1, exif(orientation));
        writeSegment(out, 0xE1, xmp());
        writeSegment(out, 0xFE, "Taken at 12 Acacia Avenue".getBytes(StandardCharsets.US_ASCII));
        out.write(plain, afterApp0, plain.length - afterApp0);
        return out.toByteArray();
    }

    public static byte[] plainJpeg(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpeg", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The JPEG marker bytes (0xE0 APP0, 0xE1 APP1 EXIF/XMP, 0xFE comment, …) before the image data. */
    public static List<Integer> markers(byte[] jpeg) {
        List<Integer> out = new ArrayList<>();
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            out.add(marker);
            if (marker == 0xDA) break;
            i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
        }
        return out;
    }

    public static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    private static void writeSegment(ByteArrayOutputStream out, int marker, byte[] body) {
        out.write(0xFF);
        out.write(marker);
        int len = body.length + 2;
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.write(body, 0, body.length);
    }

    /** EXIF, big-endian TIFF: IFD0 with Make, Orientation and a GPS IFD pointer; GPS IFD with 51°30'N 0°7'W. */
    private static byte[] exif(int orientation) {
        ByteBuffer b = ByteBuffer.allocate(512);
        b.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        int tiff = b.position();
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        byte[] make = (CAMERA + "\0").getBytes(StandardCharsets.US_ASCII);
        int ifd0Entries = 3;
        int ifd0Size = 2 + ifd0Entries * 12 + 4;
        int makeOffset = 8 + ifd0Size;
        int gpsOffset = makeOffset + make.length;
        // IFD0
        b.putShort((short) ifd0Entries);
        b.putShort((short) 0x010F).putShort((short) 2).putInt(make.length).putInt(makeOffset);
        b.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsOffset);
        b.putInt(0);
        b.put(make);
        // GPS IFD: LatitudeRef, Latitude, LongitudeRef, Longitude
        int gpsEntries = 4;
        int rationals = gpsOffset + 2 + gpsEntries * 12 + 4;
        b.putShort((short) gpsEntries);
        b.putShort((short) 0x0001)
                .putShort((short) 2)
                .putInt(2)
                .put((byte) 'N')
                .put((byte) 0)
                .putShort((short) 0);
        b.putShort((short) 0x0002).putShort((short) 5).putInt(3).putInt(rationals);
        b.putShort((short) 0x0003)
                .putShort((short) 2)
                .putInt(2)
                .put((byte) 'W')
                .put((byte) 0)
                .putShort((short) 0);
        b.putShort((short) 0x0004).putShort((short) 5).putInt(3).putInt(rationals + 24);
        b.putInt(0);
        int[] lat = {51, 1, 30, 1, 2616, 100};
        int[] lon = {0, 1, 7, 1, 3996, 100};
        for (int v : lat) b.putInt(v);
        for (int v : lon) b.putInt(v);
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        if (tiff != 6) throw new IllegalStateException();
        return out;
    }

    private static byte[] xmp() {
        String xml = XMP_MARK
                + "\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"51,30.436N\" "
                + "exif:GPSLongitude=\"0,7.666W\"/></rdf:RDF></x:xmpmeta>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
