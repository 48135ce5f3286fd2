package ai.tracto.tractorun.config;

import ai.tracto.tractorun.TractorunConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlDocumentTest {
    @Test
    void pythonSpellingsOfNullAndBooleansAreHonoured() {
        JsonNode root = YamlDocument.parse("a: None\nb: True\nc: False\nd: ~\ne: TRUE\n", "f.yaml").root();

        assertThat(root.get("a").isNull()).isTrue();
        assertThat(root.get("b").booleanValue()).isTrue();
        assertThat(root.get("c").booleanValue()).isFalse();
        assertThat(root.get("d").isNull()).isTrue();
        assertThat(root.get("e").booleanValue()).isTrue();
    }

    @Test
    void quotedNoneAndYamlOneOneYesNoStayStrings() {
        JsonNode root = YamlDocument.parse("a: \"None\"\nb: yes\nc: off\n", "f.yaml").root();

        assertThat(root.get("a").textValue()).isEqualTo("None");
        assertThat(root.get("b").textValue()).isEqualTo("yes");
        assertThat(root.get("c").textValue()).isEqualTo("off");
    }

    @Test
    void numbersKeepTheirKind() {
        JsonNode root = YamlDocument.parse("i: 3\nl: 17179869184\nf: 1.5\ns: \"3\"\n", "f.yaml").root();

        assertThat(root.get("i").isInt()).isTrue();
        assertThat(root.get("l").longValue()).isEqualTo(17179869184L);
        assertThat(root.get("f").doubleValue()).isEqualTo(1.5);
        assertThat(root.get("s").isTextual()).isTrue();
    }

    @Test
    void everyKeyPathRemembersItsLine() {
        YamlDocument document = YamlDocument.parse("title: x\nmesh:\n  node_count: 2\nenv:\n  - name: A\n    value: b\n",
                "f.yaml");

        assertThat(document.lines()).containsEntry("title", 1).containsEntry("mesh.node_count", 3)
                .containsEntry("env[0]", 5).containsEntry("env[0].value", 6);
    }

    @Test
    void anEmptyFileIsAnEmptyMapping() {
        assertThat(YamlDocument.parse("", "f.yaml").root().isEmpty()).isTrue();
    }

    @Test
    void brokenYamlIsOneLineWithTheLine() {
        assertThatThrownBy(() -> YamlDocument.parse("a: [1\nb: 2\n", "f.yaml"))
                .isInstanceOf(TractorunConfigException.class)
                .hasMessageStartingWith("--run-config-path f.yaml line 2: invalid YAML: ")
                .hasMessageNotContaining("\n");
    }
}
