package io.consentry.face;

public record Point(float x, float y) {
}
