package org.transfer4j.bench;

/**
 * A convolution at a ResNet50 layer shape, written "N x C x H x W -> Cout kK sS" as
 * "8x64x56x56-64-k3s1". Same padding for odd kernels.
 */
public record ConvShape(int batch, int channels, int height, int width, int outChannels, int kernel, int stride) {
    public static ConvShape parse(String s) {
        String[] parts = s.split("-");
        long[] in = Flops.dims(parts[0]);
        String ks = parts[2];
        int k = Integer.parseInt(ks.substring(1, ks.indexOf('s')));
        int stride = Integer.parseInt(ks.substring(ks.indexOf('s') + 1));
        return new ConvShape((int) in[0], (int) in[1], (int) in[2], (int) in[3], Integer.parseInt(parts[1]), k, stride);
    }

    public int outHeight() {
        return (height + stride - 1) / stride;
    }

    public int outWidth() {
        return (width + stride - 1) / stride;
    }

    public double forwardFlops() {
        return 2.0 * batch * outHeight() * outWidth() * outChannels * channels * kernel * kernel;
    }
}
