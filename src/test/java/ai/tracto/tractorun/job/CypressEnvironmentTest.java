package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.EnvVariable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CypressEnvironmentTest {
    private final Map<String, String> cypress = Map.of("//secrets/a", "alpha", "//secrets/b", "{\"k\":1}");

    @Test
    void onlyEntriesWithACypressPathAreRead() {
        List<EnvVariable> env = List.of(EnvVariable.ofValue("PLAIN", "x"),
                EnvVariable.fromCypress("A", "//secrets/a"), EnvVariable.fromCypress("B", "//secrets/b"));
        assertThat(CypressEnvironment.resolve(env, path -> Optional.ofNullable(cypress.get(path))))
                .containsExactly(Map.entry("A", "alpha"), Map.entry("B", "{\"k\":1}"));
    }

    @Test
    void aMissingPathFailsNamingTheVariableAndThePath() {
        List<EnvVariable> env = List.of(EnvVariable.fromCypress("GONE", "//secrets/none"));
        assertThatThrownBy(() -> CypressEnvironment.resolve(env, path -> Optional.ofNullable(cypress.get(path))))
                .isInstanceOf(BootstrapException.class)
                .hasMessage("env variable GONE reads Cypress path //secrets/none, which does not exist");
    }
}
