package io.consentry.face.eval;

import io.consentry.face.Box;
import io.consentry.face.FacePicker;
import io.consentry.face.Pick;
import io.consentry.face.Template;

import java.util.ArrayList;
import java.util.List;

/**
 * The subject template of every image of a set under a face-picking rule, or why there is none. A missing template is
 * a refusal (no face, several comparable faces, or — when the gate's quality check is applied — a failed quality
 * check): evaluations count it as a reject for the pair or a miss for the search, never drop it.
 *
 * @param templates subject template per image, null when refused
 * @param refusals  refusal reason per image ({@code no_face_found}, {@code multiple_faces}, {@code low_quality:<reasons>},
 *                  or the analysis error), null when there is a template
 */
public record Subjects(Template[] templates, String[] refusals) {

    public static Subjects of(List<EmbeddingCache.ImageRecord> records, Pick pick, FacePicker.Rule rule, boolean gateQuality) {
        Template[] t = new Template[records.size()];
        String[] why = new String[records.size()];
        for (int i = 0; i < t.length; i++) {
            EmbeddingCache.ImageRecord r = records.get(i);
            if (r.failed() || r.faces().isEmpty()) {
                why[i] = r.failed() ? r.error() : "no_face_found";
                continue;
            }
            List<Box> boxes = new ArrayList<>();
            r.faces().forEach(f -> boxes.add(f.box()));
            List<Integer> picked = FacePicker.pick(boxes, r.width(), r.height(), pick, rule);
            if (picked.size() != 1) {
                why[i] = "multiple_faces";
                continue;
            }
            EmbeddingCache.FaceRecord f = r.faces().get(picked.get(0));
            if (gateQuality && !f.qualityPass()) {
                why[i] = "low_quality:" + f.qualityReasons().replace(' ', '+');
                continue;
            }
            t[i] = f.template();
        }
        return new Subjects(t, why);
    }

    public int refused() {
        int n = 0;
        for (Template x : templates) {
            if (x == null) {
                n++;
            }
        }
        return n;
    }
}
