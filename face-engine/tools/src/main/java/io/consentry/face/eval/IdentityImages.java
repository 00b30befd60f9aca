package io.consentry.face.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An identity-per-folder image set ({@code ROOT/<identity>/*.jpg|png}) with each identity assigned to a fold.
 * Folds are what makes a measurement out of sample: thresholds fitted on the identities of some folds are measured
 * on the identities of another, which the fit never saw.
 *
 * <p>Folds come from a pair list whose {@code fold} column is identity-disjoint (LFW's {@code pairs.csv}); an identity
 * the list does not mention, or every identity when there is no list, gets a fold from a stable hash of its name.
 *
 * @param root           the folder holding one sub-folder per identity
 * @param images         image paths relative to {@code root}, sorted
 * @param identityOf     identity index of each image
 * @param identities     identity (folder) names, sorted
 * @param foldOf         fold (1..folds) of each identity
 * @param folds          number of folds
 */
public record IdentityImages(Path root, List<String> images, int[] identityOf, List<String> identities, int[] foldOf,
                             int folds) {

    private static final String IMAGE = "(?i).+\\.(jpe?g|png|bmp|webp)$";

    public static IdentityImages scan(Path root, Path foldList, int folds) {
        if (folds < 2) {
            throw new IllegalArgumentException("need at least 2 folds");
        }
        Map<String, Integer> listed = foldList == null ? Map.of() : foldsFromPairList(foldList);
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> files;
                try (Stream<Path> s = Files.list(d)) {
                    files = s.filter(p -> p.getFileName().toString().matches(IMAGE)).sorted().toList();
                }
                if (files.isEmpty()) {
                    continue;
                }
                int id = names.size();
                names.add(d.getFileName().toString());
                for (Path f : files) {
                    images.add(root.relativize(f).toString().replace('\\', '/'));
                    owner.add(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        int[] foldOf = new int[names.size()];
        int maxListed = listed.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int k = Math.max(folds, maxListed);
        for (int i = 0; i < foldOf.length; i++) {
            Integer f = listed.get(names.get(i));
            foldOf[i] = f != null ? f : 1 + Math.floorMod(names.get(i).hashCode(), k);
        }
        return new IdentityImages(root, List.copyOf(images), owner.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(names), foldOf, k);
    }

    /**
     * Identity to fold from a pair list {@code image_a,image_b,same,fold}: the identity of an image is its parent folder.
     * An identity listed in two folds would make the folds overlap, so that is refused.
     */
    static Map<String, Integer> foldsFromPairList(Path csv) {
        Map<String, Integer> out = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String> h = Arrays.asList(lines.get(0).trim().split(","));
            int ia = h.indexOf("image_a"), ib = h.indexOf("image_b"), iff = h.indexOf("fold");
            if (ia < 0 || ib < 0 || iff < 0) {
                throw new IllegalArgumentException(csv + ": header must contain image_a,image_b,fold");
            }
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                int fold = Integer.parseInt(f[iff].trim());
                for (int col : new int[] {ia, ib}) {
                    String id = parentName(f[col].trim());
                    Integer prev = out.put(id, fold);
                    if (prev != null && prev != fold) {
                        throw new IllegalArgumentException(csv + ": identity " + id + " is in folds " + prev + " and " + fold);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String parentName(String path) {
        String[] parts = path.replace('\\', '/').split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : path;
    }

    public int size() {
        return images.size();
    }

    public int fold(int image) {
        return foldOf[identityOf[image]];
    }

    /** Images per identity, in image order. */
    public List<int[]> imagesByIdentity() {
        List<List<Integer>> by = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            by.add(new ArrayList<>());
        }
        for (int i = 0; i < identityOf.length; i++) {
            by.get(identityOf[i]).add(i);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> l : by) {
            out.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    public String summary() {
        Map<Integer, Integer> perFold = new LinkedHashMap<>();
        for (int f = 1; f <= folds; f++) {
            perFold.put(f, 0);
        }
        for (int f : foldOf) {
            perFold.merge(f, 1, Integer::sum);
        }
        long multi = imagesByIdentity().stream().filter(a -> a.length >= 2).count();
        return String.format(Locale.ROOT, "%d images of %d identities (%d with 2+ images), identities per fold %s",
                images.size(), identities.size(), multi, perFold);
    }
}
