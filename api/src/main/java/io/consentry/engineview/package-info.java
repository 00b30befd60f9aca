/**
 * The console's engine view: what the face engine sees in the signed-in admin's own face (box, landmarks, quality
 * reasons, liveness) and the calibration chart of the active model pack. Tenant admins only, and only for an admin
 * who is a consenting, enrolled subject of their tenant: the picture must hold one face, theirs (see EngineAnalysis).
 * It is analysed in memory and dropped: nothing is stored and nothing of it is logged; an audit entry records that an
 * analysis happened (who, under which purpose, counts, match score), never the image.
 */
package io.consentry.engineview;

