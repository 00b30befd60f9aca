package io.consentry.face.image;

public enum ImageFormat { JPEG, PNG, BMP, WEBP }
