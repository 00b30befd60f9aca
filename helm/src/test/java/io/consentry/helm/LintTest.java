package io.consentry.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LintTest {

  @Test
  void chartPassesStrictLint() {
    LintResult result = new Helm(Chart.CHART_DIR).lint().strict().call();
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }
}
