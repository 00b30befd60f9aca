package io.consentry.face.image;

/**
 * What the header says, read without decoding pixels.
 *
 * @param orientation EXIF orientation 1..8 (1 = as stored)
 */
public record ImageHeader(ImageFormat format, int width, int height, int orientation) {
}
