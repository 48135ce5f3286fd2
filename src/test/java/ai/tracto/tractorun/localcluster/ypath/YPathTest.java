package ai.tracto.tractorun.localcluster.ypath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class YPathTest {
    @Test
    void parsesKeysAttributesEscapesAndNoFollow() {
        YPath path = YPath.parse("//a\\/b/c&/@attr/3");
        assertThat(path.rootObjectId()).isEmpty();
        assertThat(path.tokens()).containsExactly(PathToken.key("a/b"), new PathToken(false, "c", true),
                new PathToken(true, "attr", false), PathToken.key("3"));
    }

    @Test
    void parsesObjectIdRoots() {
        YPath path = YPath.parse("#1-2-3-4/@state");
        assertThat(path.rootObjectId()).contains("1-2-3-4");
        assertThat(path.tokens()).containsExactly(new PathToken(true, "state", false));
    }

    @Test
    void parsesAttributePrefixesAndRowRanges() {
        YPath path = YPath.parse("<append=%true>//t[#10:#20]");
        assertThat(path.attributeBoolean("append")).isTrue();
        assertThat(path.tokens()).containsExactly(PathToken.key("t"));
        assertThat(path.rowRange()).contains(new RowRange(OptionalLong.of(10), OptionalLong.of(20)));
        assertThat(YPath.parse("//t[#5]").rowRange()).contains(new RowRange(OptionalLong.of(5), OptionalLong.of(6)));
        assertThat(YPath.parse("//t[:#5]").rowRange()).contains(new RowRange(OptionalLong.empty(), OptionalLong.of(5)));
    }

    @Test
    void theRootAndAllAttributesAreAddressable() {
        assertThat(YPath.parse("/").tokens()).isEqualTo(List.of());
        assertThat(YPath.parse("//a/@").tokens().get(1)).isEqualTo(new PathToken(true, "", false));
        assertThat(YPath.parse("//a").rowRange()).isEqualTo(Optional.empty());
    }

    @Test
    void rejectsKeyRangesAndRelativePaths() {
        assertThatThrownBy(() -> YPath.parse("//t[a:b]"))
                .hasMessage("Only row index ranges (#N) are supported by the embedded cluster, got \"a\" in //t[a:b]");
        assertThatThrownBy(() -> YPath.parse("a/b")).hasMessage("Error parsing YPath \"a/b\": a path must start with \"/\" or \"#\"");
    }
}
