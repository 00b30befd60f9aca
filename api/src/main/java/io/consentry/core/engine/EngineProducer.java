package io.consentry.core.engine;

import io.consentry.face.FaceEngine;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Lets code inject {@link FaceEngine} directly. Application code that must follow a pack switch asks
 * {@link CurrentEngine} on every use instead; the engine's life cycle belongs to {@link CurrentEngine}.
 */
public class EngineProducer {

    @Produces
    @Dependent
    FaceEngine faceEngine(CurrentEngine current) {
        return current.engine();
    }
}
