package org.staffroom.drafts;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes a photo safe to store and publish: decodes the pixels and encodes them afresh, so no
 * metadata survives — no EXIF (GPS position, camera, time), no XMP, no IPTC, no comments, no
 * thumbnails that might show the uncropped original. The EXIF orientation is applied to the
 * pixels first, so a phone photo still stands the right way up. JPEG stays JPEG; anything with
 * transparency, PNG and GIF become PNG. Pure; no I/O beyond the bytes given.
 */
final class ImageSanitizer {

    static final int MAX_BYTES = 20 * 1024 * 1024;
    static final int MAX_SIDE = 12_000;
    static final long MAX_PIXELS = 50_000_000L;

    private ImageSanitizer() {
    }

    record Clean(byte[] bytes, String mimeType, String extension, int width, int height) {
    }

    /** The photo cannot be taken: not an image this bot can read, or too big. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    static Clean clean(byte[] input) throws Unreadable {
        if (input == null || input.length == 0) throw new Unreadable("empty file");
        if (input.length > MAX_BYTES) throw new Unreadable("larger than 20 MB");
        BufferedImage image;
        String format;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(input))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new Unreadable("not a JPEG, PNG or GIF image");
            ImageReader reader = readers.next();
            try {
                // Metadata is never even parsed: the pixels are all that is kept.
                reader.setInput(in, true, true);
                format = reader.getFormatName().toLowerCase(Locale.ROOT);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
                    throw new Unreadable("too many pixels (" + w + "×" + h + ")");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("unreadable image (" + e.getClass().getSimpleName() + ")");
        }
        boolean jpeg = format.equals("jpeg") || format.equals("jpg");
        if (jpeg) image = orient(image, exifOrientation(input));
        boolean keepAsJpeg = jpeg && !image.getColorModel().hasAlpha();
        try {
            byte[] out = keepAsJpeg ? jpeg(toRgb(image)) : png(image);
            return new Clean(out, keepAsJpeg ? "image/jpeg" : "image/png", keepAsJpeg ? "jpg" : "png",
                    image.getWidth(), image.getHeight());
        } catch (IOException e) {
            throw new Unreadable("could not re-encode the image");
        }
    }

    private static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) return src;
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            // No metadata given: the writer adds a bare JFIF header and nothing else.
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer");
        return bytes.toByteArray();
    }

    /** Applies an EXIF orientation (1–8) to the pixels. */
    static BufferedImage orient(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) return src;
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        int type = src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, type);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, t, null);
        g.dispose();
        return out;
    }

    /** The orientation tag (0x0112) from a JPEG's EXIF segment, 1 if there is none. */
    static int exifOrientation(byte[] jpeg) {
        try {
            int i = 2;
            if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) return 1;
            while (i + 4 <= jpeg.length) {
                if ((jpeg[i] & 0xFF) != 0xFF) return 1;
                int marker = jpeg[i + 1] & 0xFF;
                if (marker == 0xDA || marker == 0xD9) return 1;   // start of scan: no more headers
                int len = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
                int body = i + 4;
                if (marker == 0xE1 && len >= 16 && body + 6 <= jpeg.length && new String(jpeg, body, 4, "ISO-8859-1").equals("Exif")) {
                    int tiff = body + 6;
                    boolean little = jpeg[tiff] == 'I';
                    int ifd = tiff + u32(jpeg, tiff + 4, little);
                    int entries = u16(jpeg, ifd, little);
                    for (int e = 0; e < entries; e++) {
                        int entry = ifd + 2 + e * 12;
                        if (entry + 12 > jpeg.length) return 1;
                        if (u16(jpeg, entry, little) == 0x0112) return u16(jpeg, entry + 8, little);
                    }
                    return 1;
                }
                i = i + 2 + len;
            }
        } catch (RuntimeException | java.io.UnsupportedEncodingException e) {
            return 1;
        }
        return 1;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int a = b[at] & 0xFF;
        int c = b[at + 1] & 0xFF;
        return little ? (c << 8) | a : (a << 8) | c;
    }

    private static int u32(byte[] b, int at, boolean little) {
        return little ? (u16(b, at + 2, true) << 16) | u16(b, at, true) : (u16(b, at, false) << 16) | u16(b, at + 2, false);
    }
}
