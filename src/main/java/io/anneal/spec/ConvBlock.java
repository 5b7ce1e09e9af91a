package io.anneal.spec;

/**
 * One block of a convolutional network: {@code filters} convolutions of {@code kernel} x {@code kernel}
 * pixels at {@code stride} (no padding), the network's activation, then max pooling over
 * {@code pool} x {@code pool} windows ({@code 1}: none).
 */
public record ConvBlock(Integer filters, Integer kernel, Integer stride, Integer pool) {

    public ConvBlock withDefaults() {
        return new ConvBlock(filters == null ? 32 : filters, kernel == null ? 5 : kernel, stride == null ? 1 : stride,
                pool == null ? 2 : pool);
    }

    /** The side of a square image after this block, or 0 when the image is too small for it. */
    public int outputSide(int side) {
        int convolved = side < kernel ? 0 : (side - kernel) / stride + 1;
        return pool <= 1 ? convolved : convolved / pool;
    }
}
