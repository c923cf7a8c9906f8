package org.staffroom.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small photos for tests that hand one in: a band of colour, so screenshots show where photos go. */
public final class TestImages {

    private TestImages() {}

    /** A {@code w}×{@code h} JPEG of one colour, with a white oval in the middle when {@code oval}. */
    public static byte[] jpeg(int w, int h, Color color, boolean oval) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        if (oval) {
            g.setColor(Color.WHITE);
            g.fillOval(w / 3, h / 4, w / 3, h / 2);
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
