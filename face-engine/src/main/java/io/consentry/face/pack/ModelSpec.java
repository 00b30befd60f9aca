package io.consentry.face.pack;

import java.nio.file.Path;

/**
 * One model of a pack, as declared in the manifest ({@code model.<role>.*} keys).
 *
 * @param role          detect, landmark, embed, liveness, age, gender, expression, ...
 * @param file          resolved path of the model file
 * @param sha256        pinned lower-case hex SHA-256 of the file
 * @param input         input shape, e.g. {@code 1x3x112x112}
 * @param colour        colour order fed to the net: BGR, RGB or GREY
 * @param normalisation how pixels are scaled, e.g. {@code (x-127)/128}
 * @param output        output layout (documentation, checked by humans)
 * @param optional      true if the engine works without it (attributes)
 */
public record ModelSpec(String role, Path file, String sha256, String input, String colour,
                        String normalisation, String output, boolean optional) {
}
