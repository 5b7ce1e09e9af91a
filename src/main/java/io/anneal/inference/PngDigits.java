package io.anneal.inference;

import io.anneal.training.ModelInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Decodes base64 PNG digits into rows of pixels scaled to [0, 1], as the training data was. */
final class PngDigits {

    static final int SIDE = 28;

    private PngDigits() {
    }

    static float[] decode(String base64, int index) {
        String field = "images[" + index + "]";
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode(strip(base64))));
        } catch (IllegalArgumentException | IOException e) {
            throw new ModelInputException(field, "is not a base64-encoded PNG image");
        }
        if (image == null) {
            throw new ModelInputException(field, "is not a PNG image");
        }
        if (image.getWidth() != SIDE || image.getHeight() != SIDE) {
            throw new ModelInputException(field, "is " + image.getWidth() + " x " + image.getHeight()
                    + " pixels; the model expects 28 x 28 greyscale");
        }
        float[] pixels = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                pixels[y * SIDE + x] = grey(image, x, y) / 255f;
            }
        }
        return pixels;
    }

    private static int grey(BufferedImage image, int x, int y) {
        if (image.getRaster().getNumBands() <= 2) {
            return image.getRaster().getSample(x, y, 0) * 255 / ((1 << image.getColorModel().getComponentSize(0)) - 1);
        }
        int rgb = image.getRGB(x, y);
        return Math.round(0.299f * ((rgb >> 16) & 0xFF) + 0.587f * ((rgb >> 8) & 0xFF) + 0.114f * (rgb & 0xFF));
    }

    private static String strip(String base64) {
        int comma = base64.startsWith("data:") ? base64.indexOf(',') : -1;
        return comma >= 0 ? base64.substring(comma + 1) : base64;
    }
}
