package ai.tracto.tractorun.localcluster;

import static ai.tracto.tractorun.localcluster.V4.json;
import static ai.tracto.tractorun.localcluster.V4.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FilesAndTablesTest extends ClusterFixture {

    private void write(String command, String path, String data) {
        yt.call("PUT", command, params("path", path), data.getBytes(StandardCharsets.UTF_8));
    }

    private String read(String command, Object... parameters) {
        return new String(yt.bytes("GET", command, params(parameters), null), StandardCharsets.UTF_8);
    }

    @Test
    void aFileIsWrittenReadAppendedAndReadInParts() {
        yt.create("file", "//f");
        write("write_file", "//f", "hello ");
        assertThat(read("read_file", "path", "//f")).isEqualTo("hello ");
        write("write_file", "<append=%true>//f", "world");
        assertThat(read("read_file", "path", "//f")).isEqualTo("hello world");
        assertThat(read("read_file", "path", "//f", "offset", 6, "length", 3)).isEqualTo("wor");
        assertThat(yt.get("//f/@uncompressed_data_size").asLong()).isEqualTo(11);
        write("write_file", "//f", "new");
        assertThat(read("read_file", "path", "//f")).isEqualTo("new");
    }

    @Test
    void aCopiedFileKeepsItsBytesWhenTheOriginalIsOverwrittenAppendedOrRemoved() {
        yt.create("file", "//f");
        write("write_file", "//f", "original");
        yt.call("POST", "copy", params("source_path", "//f", "destination_path", "//c1"), null);
        yt.call("POST", "copy", params("source_path", "//f", "destination_path", "//c2"), null);

        write("write_file", "//f", "overwritten");
        write("write_file", "<append=%true>//c1", "+more");
        yt.remove("//f");

        assertThat(read("read_file", "path", "//c1")).isEqualTo("original+more");
        assertThat(read("read_file", "path", "//c2")).isEqualTo("original");
        yt.call("POST", "move", params("source_path", "//c2", "destination_path", "//moved"), null);
        assertThat(read("read_file", "path", "//moved")).isEqualTo("original");
    }

    @Test
    void appendCanAlsoBeARichPathInJsonForm() {
        yt.create("file", "//f");
        write("write_file", "//f", "a");
        yt.call("PUT", "write_file", params("path", Map.of("$value", "//f", "$attributes", Map.of("append", true))),
                "b".getBytes(StandardCharsets.UTF_8));
        assertThat(read("read_file", "path", "//f")).isEqualTo("ab");
    }

    @Test
    void writingAMissingFileIsAResolveError() {
        V4.Failure f = V4.failure(() -> write("write_file", "//nope", "x"));
        assertThat(f.code).isEqualTo(500);
    }

    @Test
    void aLargeFileStreamsThroughIntact() {
        yt.create("file", "//big");
        byte[] data = new byte[8 * 1024 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        yt.call("PUT", "write_file", params("path", "//big"), data);
        assertThat(Arrays.equals(yt.bytes("GET", "read_file", params("path", "//big"), null), data)).isTrue();
    }

    @Test
    void readFileAnnouncesTheExactLengthOfWhatItSendsWithAndWithoutARange() {
        yt.create("file", "//f");
        write("write_file", "//f", "0123456789");

        assertReadAnswers(params("path", "//f"), "0123456789");
        assertReadAnswers(params("path", "//f", "offset", 3), "3456789");
        assertReadAnswers(params("path", "//f", "length", 4), "0123");
        assertReadAnswers(params("path", "//f", "offset", 3, "length", 4), "3456");
        assertReadAnswers(params("path", "//f", "offset", 8, "length", 100), "89");
        assertReadAnswers(params("path", "//f", "offset", 10), "");
        assertReadAnswers(params("path", "//f", "offset", 50, "length", 5), "");
    }

    @Test
    void anEmptyFileIsAnEmptySizedAnswer() {
        yt.create("file", "//empty");

        assertReadAnswers(params("path", "//empty"), "");
    }

    private void assertReadAnswers(ObjectNode parameters, String expected) {
        HttpResponse<byte[]> response = yt.raw("GET", "read_file", parameters, null, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(response.headers().firstValue("Content-Length")).contains(Integer.toString(expected.length()));
        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
    }

    @Test
    void anUploadCutOffBeforeItsLastChunkChangesNothingAndLeavesNoBlobBehind() throws Exception {
        yt.create("file", "//f");
        write("write_file", "//f", "committed");
        Path blobs = root.resolve("blobs");
        List<Path> before = blobFiles(blobs);

        try (Socket socket = new Socket(cluster.proxyUrl().getHost(), cluster.proxyUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v4/write_file HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-YT-Parameters: {\"path\":\"//f\"}\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 32; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            Wait.until(Duration.ofSeconds(30), () -> blobFiles(blobs).size() == before.size() + 1);
            // Closed without the last, empty chunk while the server is receiving: the client died mid-upload.
        }

        Wait.until(Duration.ofSeconds(30), () -> blobFiles(blobs).equals(before));
        assertThat(read("read_file", "path", "//f")).isEqualTo("committed");
        assertThat(yt.get("//f/@uncompressed_data_size").asLong()).isEqualTo(9);
    }

    private static List<Path> blobFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aFileWrittenInATransactionAppearsOnCommit() {
        yt.create("file", "//tf");
        String tx = yt.startTx();
        yt.inTx(tx).call("PUT", "write_file", params("path", "//tf"), "inside".getBytes(StandardCharsets.UTF_8));
        assertThat(read("read_file", "path", "//tf")).isEmpty();
        yt.commit(tx);
        assertThat(read("read_file", "path", "//tf")).isEqualTo("inside");
    }

    @Test
    void tableRowsAreWrittenAppendedAndReadByRowRange() {
        yt.create("table", "//t", "attributes", json("{\"schema\":[{\"name\":\"i\",\"type\":\"int64\"}]}"));
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            rows.append("{\"i\":").append(i).append("}\n");
        }
        yt.call("PUT", "write_table", params("path", "//t", "input_format", "json"), rows.toString().getBytes(StandardCharsets.UTF_8));
        yt.call("PUT", "write_table", params("path", "<append=%true>//t", "input_format", "json"),
                "{\"i\":20}\n{\"i\":21}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(yt.get("//t/@row_count").asLong()).isEqualTo(22);
        assertThat(yt.get("//t/@schema")).isEqualTo(json("[{\"name\":\"i\",\"type\":\"int64\"}]"));
        assertThat(read("read_table", "path", "//t[#10:#13]", "output_format", "json"))
                .isEqualTo("{\"i\":10}\n{\"i\":11}\n{\"i\":12}\n");
        assertThat(read("read_table", "path", "//t[#20:]", "output_format", "json")).isEqualTo("{\"i\":20}\n{\"i\":21}\n");
        yt.call("PUT", "write_table", params("path", "//t", "input_format", "json"), "{\"i\":-1}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(yt.get("//t/@row_count").asLong()).isEqualTo(1);
    }

    @Test
    void tablesSpeakYsonRowsByDefault() {
        yt.create("table", "//yt");
        yt.call("PUT", "write_table", params("path", "//yt"), "{a=1;};{a=\"x\";};".getBytes(StandardCharsets.UTF_8));
        assertThat(read("read_table", "path", "//yt")).isEqualTo("{\"a\"=1;};\n{\"a\"=\"x\";};\n");
    }

    @Test
    void tableRowsMustBeMaps() {
        yt.create("table", "//bad");
        V4.Failure f = V4.failure(() -> yt.call("PUT", "write_table", params("path", "//bad", "input_format", "json"),
                "[1]\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(f.body.get("message").asText()).isEqualTo("Table rows must be maps, got [1]");
        assertThat(yt.get("//bad/@row_count").asLong()).isZero();
    }
}
