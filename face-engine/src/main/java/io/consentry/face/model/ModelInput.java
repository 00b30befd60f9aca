package io.consentry.face.model;

/**
 * What a wrapper feeds its model, stated once so tests can hold it against the pack manifest
 * ({@code model.<role>.input}, {@code .colour}, {@code .normalisation}) and against the model's declared input.
 *
 * @param channels      1 (grey) or 3
 * @param height        input height in pixels
 * @param width         input width in pixels
 * @param colour        BGR, RGB or GREY, as the manifest spells it
 * @param normalisation the pixel scaling, as the manifest spells it
 */
public record ModelInput(int channels, int height, int width, String colour, String normalisation) {
    /** The manifest's shape notation for one sample, e.g. {@code 1x3x112x112}. */
    public String shape() {
        return "1x" + channels + "x" + height + "x" + width;
    }

    /** The shape the model declares for a batch of one. */
    public long[] dims() {
        return new long[] {1, channels, height, width};
    }
}
