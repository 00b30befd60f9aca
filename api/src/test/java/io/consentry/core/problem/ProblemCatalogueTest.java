package io.consentry.core.problem;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One catalogue of problem codes: the enum, docs/ERRORS.md and the code that throws them agree. */
class ProblemCatalogueTest {

    private static final Pattern DOC_ROW = Pattern.compile("^\\| `([a-z_]+)` \\| ([0-9, ]+) \\|", Pattern.MULTILINE);

    @Test
    void docsListEveryCodeWithItsStatuses() throws Exception {
        String doc = Files.readString(Path.of("../docs/ERRORS.md"));
        Matcher row = DOC_ROW.matcher(doc);
        Set<String> documented = new HashSet<>();
        while (row.find()) {
            ProblemCode code = ProblemCode.valueOf(row.group(1).toUpperCase());
            Set<Integer> statuses = Arrays.stream(row.group(2).split(",")).map(String::strip).map(Integer::valueOf)
                    .collect(Collectors.toSet());
            assertThat(statuses).as(code.code()).isEqualTo(code.statuses());
            documented.add(code.code());
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(Arrays.stream(ProblemCode.values()).map(ProblemCode::code).toList());
    }

    @Test
    void noCodeIsWrittenAsAStringOutsideTheCatalogue() throws Exception {
        Pattern literalCode = Pattern.compile("(ApiException\\(|Problem\\.of\\()\\s*\\d{3}\\s*,\\s*\"");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return literalCode.matcher(Files.readString(f)).find();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void aCodeIsOnlySentWithTheStatusesItLists() {
        assertThat(new ApiException(ProblemCode.SITE_NOT_FOUND, 400, "named in a body").status()).isEqualTo(400);
        assertThatThrownBy(() -> new ApiException(ProblemCode.CONSENT_REQUIRED, 500, "no")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ApiException(ProblemCode.CONSENT_REQUIRED, "x").toProblem().type()).isEqualTo("urn:consentry:problem:consent_required");
    }
}
