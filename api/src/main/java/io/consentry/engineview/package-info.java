/**
 * The console's engine view: what the face engine sees in a test photo (boxes, landmarks, quality reasons,
 * liveness) and the calibration chart of the active model pack. Tenant admins only. The photo is analysed in memory
 * and dropped: no template is computed, nothing is stored and nothing of it is logged; an audit entry records that an
 * analysis happened (who, result counts), never the image.
 */
package io.consentry.engineview;

