package ai.tracto.tractorun.localcluster;

import static ai.tracto.tractorun.localcluster.V4.failure;
import static ai.tracto.tractorun.localcluster.V4.json;
import static ai.tracto.tractorun.localcluster.V4.params;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CypressCommandsTest extends ClusterFixture {

    @Test
    void setThenGetReturnsTheValueWrappedInValue() {
        yt.set("//tmp/doc", "{\"a\":{\"b\":[1,2,3]},\"s\":\"x\"}");
        assertThat(yt.call("GET", "get", params("path", "//tmp/doc"), null))
                .isEqualTo(json("{\"value\":{\"a\":{\"b\":[1,2,3]},\"s\":\"x\"}}"));
        assertThat(yt.get("//tmp/doc/a/b/1")).isEqualTo(json("2"));
        assertThat(yt.get("//tmp/doc/a/b/-1")).isEqualTo(json("3"));
        assertThat(yt.get("//tmp/doc/@type").asText()).isEqualTo("map_node");
        assertThat(yt.get("//tmp/doc/a/b/@type").asText()).isEqualTo("list_node");
        assertThat(yt.get("//tmp/doc/s/@type").asText()).isEqualTo("string_node");
    }

    @Test
    void setInsideAListNodeReplacesAndAppendsElements() {
        yt.set("//l", "[1,2]");
        yt.set("//l/0", "10");
        yt.set("//l/end", "3");
        assertThat(yt.get("//l")).isEqualTo(json("[10,2,3]"));
    }

    @Test
    void aFreshClusterHasTmpAndHome() {
        assertThat(yt.list("/")).isEqualTo(json("[\"home\",\"tmp\"]"));
    }

    @Test
    void getOfAMissingNodeIsAResolveError() {
        V4.Failure f = failure(() -> yt.get("//missing/x"));
        assertThat(f.status).isEqualTo(400);
        assertThat(f.code).isEqualTo(500);
        assertThat(f.body.get("message").asText()).isEqualTo("Node / has no child with key \"missing\"");
    }

    @Test
    void setWithoutRecursiveNeedsTheParent() {
        assertThat(failure(() -> yt.set("//a/b/c", "1")).code).isEqualTo(500);
        yt.set("//a/b/c", "1", params("recursive", true));
        assertThat(yt.get("//a")).isEqualTo(json("{\"b\":{\"c\":1}}"));
    }

    @Test
    void createReturnsTheNodeIdAndTheNodeIsReachableById() {
        String id = yt.create("map_node", "//x/y", "recursive", true);
        assertThat(yt.get("#" + id + "/@path").asText()).isEqualTo("//x/y");
        assertThat(yt.get("//x/y/@id").asText()).isEqualTo(id);
        assertThat(yt.get("//x/@count").asInt()).isEqualTo(1);
        assertThat(yt.get("//x/y/@key").asText()).isEqualTo("y");
    }

    @Test
    void createOfAnExistingNodeFailsUnlessIgnoreExistingWithTheSameType() {
        String id = yt.create("map_node", "//d");
        V4.Failure exists = failure(() -> yt.create("map_node", "//d"));
        assertThat(exists.code).isEqualTo(501);
        assertThat(exists.body.get("message").asText()).isEqualTo("Node //d already exists");
        assertThat(yt.create("map_node", "//d", "ignore_existing", true)).isEqualTo(id);
        assertThat(failure(() -> yt.create("document", "//d", "ignore_existing", true)).code).isEqualTo(501);
        String replaced = yt.create("document", "//d", "force", true);
        assertThat(replaced).isNotEqualTo(id);
        assertThat(yt.get("//d/@type").asText()).isEqualTo("document");
    }

    @Test
    void createStoresUserAttributesAndDocumentsHoldAnyValue() {
        yt.create("document", "//doc", "attributes", json("{\"owner\":\"me\",\"value\":{\"k\":[1]}}"));
        assertThat(yt.get("//doc")).isEqualTo(json("{\"k\":[1]}"));
        assertThat(yt.get("//doc/@owner").asText()).isEqualTo("me");
        yt.set("//doc/k/0", "5");
        assertThat(yt.get("//doc")).isEqualTo(json("{\"k\":[5]}"));
    }

    @Test
    void attributesCanBeSetReadNestedAndRemoved() {
        yt.create("map_node", "//n");
        yt.set("//n/@topology", "[{\"address\":\"a\"},{\"address\":\"b\"},{\"address\":\"c\"},{\"address\":\"d\"}]");
        assertThat(yt.get("//n/@topology/3/address").asText()).isEqualTo("d");
        yt.set("//n/@topology/3/address", "\"z\"");
        assertThat(yt.get("//n/@topology/3")).isEqualTo(json("{\"address\":\"z\"}"));
        assertThat(yt.exists("//n/@topology")).isTrue();
        yt.remove("//n/@topology");
        assertThat(yt.exists("//n/@topology")).isFalse();
        assertThat(failure(() -> yt.set("//n/@type", "\"x\"")).body.get("message").asText())
                .isEqualTo("Attribute \"type\" cannot be set");
    }

    @Test
    void getWithAttributesWrapsEveryNode() {
        yt.set("//m", "{\"a\":1}");
        yt.set("//m/@color", "\"red\"");
        JsonAssert.equal(yt.get("//m", "type", "color"),
                "{\"$attributes\":{\"type\":\"map_node\",\"color\":\"red\"},\"$value\":{\"a\":{\"$attributes\":{\"type\":\"int64_node\"},\"$value\":1}}}");
    }

    @Test
    void getOfAllAttributesIncludesSystemOnes() {
        yt.create("table", "//t");
        var attributes = yt.get("//t/@");
        assertThat(attributes.get("type").asText()).isEqualTo("table");
        assertThat(attributes.get("row_count").asLong()).isZero();
        assertThat(attributes.has("creation_time")).isTrue();
        assertThat(attributes.has("modification_time")).isTrue();
        assertThat(attributes.get("locks").isArray()).isTrue();
    }

    @Test
    void listReturnsSortedKeysAndAttributesWhenAsked() {
        yt.set("//dir", "{\"b\":1,\"a\":2}");
        assertThat(yt.list("//dir")).isEqualTo(json("[\"a\",\"b\"]"));
        JsonAssert.equal(yt.call("GET", "list", params("path", "//dir", "attributes", new String[] {"type"}), null).get("value"),
                "[{\"$attributes\":{\"type\":\"int64_node\"},\"$value\":\"a\"},{\"$attributes\":{\"type\":\"int64_node\"},\"$value\":\"b\"}]");
    }

    @Test
    void existsIsFalseForMissingNodesAndAttributes() {
        assertThat(yt.exists("//nothing")).isFalse();
        assertThat(yt.exists("//nothing/deeper")).isFalse();
        assertThat(yt.exists("/")).isTrue();
        assertThat(yt.exists("//@x")).isFalse();
    }

    @Test
    void removeNeedsRecursiveForNonEmptyMapsAndForceForMissingNodes() {
        yt.set("//r", "{\"a\":{\"b\":1}}");
        assertThat(failure(() -> yt.remove("//r")).code).isEqualTo(1);
        yt.remove("//r", "recursive", true);
        assertThat(yt.exists("//r")).isFalse();
        assertThat(failure(() -> yt.remove("//r")).code).isEqualTo(500);
        yt.remove("//r", "force", true);
    }

    @Test
    void linksResolveToTheirTargetUnlessAmpersandIsUsed() {
        yt.set("//target", "{\"x\":1}");
        yt.call("POST", "link", params("target_path", "//target", "link_path", "//ln"), null);
        assertThat(yt.get("//ln/x")).isEqualTo(json("1"));
        assertThat(yt.get("//ln/@type").asText()).isEqualTo("map_node");
        assertThat(yt.get("//ln&/@type").asText()).isEqualTo("link");
        assertThat(yt.get("//ln&/@target_path").asText()).isEqualTo("//target");
        yt.remove("//ln&");
        assertThat(yt.exists("//target")).isTrue();
        assertThat(yt.exists("//ln")).isFalse();
    }

    @Test
    void aLinkCycleIsAClearResolveError() {
        yt.call("POST", "link", params("target_path", "//b", "link_path", "//a"), null);
        yt.call("POST", "link", params("target_path", "//a", "link_path", "//b"), null);
        V4.Failure f = failure(() -> yt.get("//a"));
        assertThat(f.code).isEqualTo(500);
        assertThat(f.body.get("message").asText()).contains("link cycle");
        assertThat(yt.exists("//a")).isFalse();
        assertThat(failure(() -> yt.call("POST", "link", params("target_path", "//c", "link_path", "//c"), null))
                .body.get("message").asText()).isEqualTo("Failed to create link //c: link is cyclic");
    }

    @Test
    void copyDuplicatesASubtreeWithNewIdsAndMoveRelocatesIt() {
        yt.set("//src", "{\"a\":{\"b\":\"v\"}}");
        yt.set("//src/@attr", "7");
        String copyId = yt.call("POST", "copy", params("source_path", "//src", "destination_path", "//dst"), null)
                .get("node_id").asText();
        assertThat(copyId).isNotEqualTo(yt.get("//src/@id").asText());
        assertThat(yt.get("//dst")).isEqualTo(json("{\"a\":{\"b\":\"v\"}}"));
        assertThat(yt.get("//dst/@attr").asInt()).isEqualTo(7);
        assertThat(failure(() -> yt.call("POST", "copy", params("source_path", "//src", "destination_path", "//dst"), null))
                .code).isEqualTo(501);
        yt.call("POST", "move", params("source_path", "//src", "destination_path", "//moved/here", "recursive", true), null);
        assertThat(yt.exists("//src")).isFalse();
        assertThat(yt.get("//moved/here/a/b").asText()).isEqualTo("v");
    }

    @Test
    void escapedCharactersInKeysAreLiteral() {
        yt.set("//esc", "{}");
        yt.set("//esc/a\\/b", "1");
        assertThat(yt.list("//esc")).isEqualTo(json("[\"a/b\"]"));
        assertThat(yt.get("//esc/a\\/b")).isEqualTo(json("1"));
        assertThat(yt.get("//esc/a\\/b/@path").asText()).isEqualTo("//esc/a\\/b");
    }

    @Test
    void multisetAttributesSetsSeveralAttributesAtOnce() {
        yt.create("map_node", "//ms");
        yt.call("PUT", "multiset_attributes", params("path", "//ms/@"), "{\"a\":1,\"b\":\"two\"}".getBytes());
        assertThat(yt.get("//ms/@a").asInt()).isEqualTo(1);
        assertThat(yt.get("//ms/@b").asText()).isEqualTo("two");
    }

    @Test
    void setReplacesAValueOfAnotherTypeWithANewNode() {
        yt.set("//v", "1");
        String first = yt.get("//v/@id").asText();
        yt.set("//v", "2");
        assertThat(yt.get("//v/@id").asText()).isEqualTo(first);
        yt.set("//v", "\"text\"");
        assertThat(yt.get("//v/@type").asText()).isEqualTo("string_node");
    }
}
