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
 * thumbnails that might show the uncropped original. The EXIF orientation (JPEG's APP1, PNG's eXIf
 * chunk, WebP's EXIF chunk) is applied to the pixels first, so a phone photo still stands the right
 * way up. Accepted: JPEG, PNG, GIF and WebP (decoded by TwelveMonkeys, pure Java). JPEG and WebP
 * become JPEG; anything with transparency, PNG and GIF become PNG. HEIC has no maintained Java
 * decoder, so it is refused with how to send a JPEG instead; BMP, TIFF and the rest are refused
 * with the list of what is accepted. The format is told from the file's first bytes, never its
 * name. Pure; no I/O beyond the bytes given.
 */
final class ImageSanitizer {

    static final int MAX_BYTES = 20 * 1024 * 1024;
    static final int MAX_SIDE = 12_000;
    static final long MAX_PIXELS = 50_000_000L;

    private ImageSanitizer() {}

    record Clean(byte[] bytes, String mimeType, String extension, int width, int height) {}

    /** What the bot accepts, as told to people whose photo was refused. */
    static final String ACCEPTED = "JPEG, PNG, GIF or WebP";

    static {
        // The WebP reader registers through ServiceLoader; in a Spring Boot jar ImageIO must be told to look.
        ImageIO.scanForPlugins();
    }

    /** The photo cannot be taken: not an image this bot can read, or too big. {@code key} is the message to show. */
    static final class Unreadable extends Exception {
        private final String key;

        Unreadable(String message) {
            this(message, "drafts.error.photo");
        }

        Unreadable(String message, String key) {
            super(message);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /** An image format, told from the first bytes of the file. */
    enum Format {
        JPEG,
        PNG,
        GIF,
        WEBP,
        HEIC,
        OTHER
    }

    static Format sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF)
            return Format.JPEG;
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return Format.PNG;
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') return Format.GIF;
        if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) return Format.WEBP;
        if (b.length >= 12 && ascii(b, 4, 4).equals("ftyp")) {
            String brand = ascii(b, 8, 4);
            if (java.util.Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis")
                    .contains(brand)) {
                return Format.HEIC;
            }
        }
        return Format.OTHER;
    }

    private static String ascii(byte[] b, int at, int len) {
        return new String(b, at, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static Clean clean(byte[] input) throws Unreadable {
        if (input == null || input.length == 0) throw new Unreadable("empty file");
        if (input.length > MAX_BYTES) throw new Unreadable("larger than 20 MB");
        Format format = sniff(input);
        if (format == Format.HEIC) throw new Unreadable("HEIC", "drafts.error.photo-heic");
        if (format == Format.OTHER) throw new Unreadable("not a " + ACCEPTED + " image");
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(input))) {
            Iterator<ImageReader> readers =
                    ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
            if (!readers.hasNext()) throw new Unreadable("no " + format + " decoder");
            ImageReader reader = readers.next();
            try {
                // Metadata is never even parsed: the pixels are all that is kept.
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
                    throw new Unreadable("too many pixels (" + w + "×" + h + ")");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (Unreadable e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("unreadable image (" + e.getClass().getSimpleName() + ")");
        }
        image = orient(image, orientation(input, format));
        boolean keepAsJpeg = (format == Format.JPEG || format == Format.WEBP)
                && !image.getColorModel().hasAlpha();
        try {
            byte[] out = keepAsJpeg ? jpeg(toRgb(image)) : png(image);
            return new Clean(
                    out,
                    keepAsJpeg ? "image/jpeg" : "image/png",
                    keepAsJpeg ? "jpg" : "png",
                    image.getWidth(),
                    image.getHeight());
        } catch (IOException e) {
            throw new Unreadable("could not re-encode the image");
        }
    }

    /** The EXIF orientation of any accepted format (GIF has none): 1 when there is none. */
    static int orientation(byte[] b, Format format) {
        return switch (format) {
            case JPEG -> exifOrientation(b);
            case PNG -> pngOrientation(b);
            case WEBP -> webpOrientation(b);
            default -> 1;
        };
    }

    /** PNG keeps EXIF in an eXIf chunk (PNG 1.5), a bare TIFF structure. */
    static int pngOrientation(byte[] b) {
        try {
            int i = 8;
            while (i + 8 <= b.length) {
                int len = (int) u32be(b, i);
                String type = ascii(b, i + 4, 4);
                if (type.equals("eXIf")) return tiffOrientation(b, i + 8, Math.min(b.length, i + 8 + len));
                if (type.equals("IDAT") || type.equals("IEND") || len < 0) return 1;
                i += 12 + len;
            }
        } catch (RuntimeException e) {
            return 1;
        }
        return 1;
    }

    /** WebP keeps EXIF in an "EXIF" chunk of its RIFF container, sometimes after an "Exif\0\0" header. */
    static int webpOrientation(byte[] b) {
        try {
            int i = 12;
            while (i + 8 <= b.length) {
                String type = ascii(b, i, 4);
                int len = u16(b, i + 4, true) | (u16(b, i + 6, true) << 16);
                if (len < 0) return 1;
                if (type.equals("EXIF")) {
                    int at = i + 8;
                    if (at + 6 <= b.length && ascii(b, at, 4).equals("Exif")) at += 6;
                    return tiffOrientation(b, at, Math.min(b.length, i + 8 + len));
                }
                i += 8 + len + (len & 1);
            }
        } catch (RuntimeException e) {
            return 1;
        }
        return 1;
    }

    /** The orientation tag (0x0112) of the first IFD of a TIFF structure at {@code tiff}. */
    static int tiffOrientation(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) return 1;
        boolean little = b[tiff] == 'I';
        int ifd = tiff + u32(b, tiff + 4, little);
        if (ifd + 2 > end || ifd < tiff) return 1;
        int entries = u16(b, ifd, little);
        for (int e = 0; e < entries; e++) {
            int entry = ifd + 2 + e * 12;
            if (entry + 12 > end) return 1;
            if (u16(b, entry, little) == 0x0112) return u16(b, entry + 8, little);
        }
        return 1;
    }

    private static long u32be(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24)
                | ((b[at + 1] & 0xFF) << 16)
                | ((b[at + 2] & 0xFF) << 8)
                | (b[at + 3] & 0xFF);
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
            case 2 -> {
                t.translate(w, 0);
                t.scale(-1, 1);
            }
            case 3 -> {
                t.translate(w, h);
                t.rotate(Math.PI);
            }
            case 4 -> {
                t.translate(0, h);
                t.scale(1, -1);
            }
            case 5 -> {
                t.rotate(-Math.PI / 2);
                t.scale(-1, 1);
            }
            case 6 -> {
                t.translate(h, 0);
                t.rotate(Math.PI / 2);
            }
            case 7 -> {
                t.scale(-1, 1);
                t.translate(-h, 0);
                t.translate(0, w);
                t.rotate(3 * Math.PI / 2);
            }
            case 8 -> {
                t.translate(0, w);
                t.rotate(3 * Math.PI / 2);
            }
            default -> {}
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
                if (marker == 0xDA || marker == 0xD9) return 1; // start of scan: no more headers
                int len = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
                int body = i + 4;
                if (marker == 0xE1
                        && len >= 16
                        && body + 6 <= jpeg.length
                        && new String(jpeg, body, 4, "ISO-8859-1").equals("Exif")) {
                    return tiffOrientation(jpeg, body + 6, Math.min(jpeg.length, body + len - 2));
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
        return little
                ? (u16(b, at + 2, true) << 16) | u16(b, at, true)
                : (u16(b, at, false) << 16) | u16(b, at + 2, false);
    }
}
