package io.consentry.face;

import java.util.List;

/** Result of one {@link FaceEngine#analyze} call; faces sorted largest first (or the picked one). */
public record Analysis(int width, int height, List<Face> faces) {
    public Analysis {
        faces = List.copyOf(faces);
    }
}
