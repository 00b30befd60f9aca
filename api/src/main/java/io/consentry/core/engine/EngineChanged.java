package io.consentry.core.engine;

/** The replica now works with another model pack; whatever was built from the previous pack's templates is stale. */
public record EngineChanged(String previousPackId, String packId) {
}
