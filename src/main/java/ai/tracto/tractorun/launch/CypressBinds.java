package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.BindAttributes;
import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.TractorunConfigException;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns {@code bind_cypress} entries into the files a job receives. A file is delivered as is;
 * a map node becomes every file under it (recursively), each at the same relative path under the
 * destination; links are followed, and a link cycle is a configuration error naming the cycle.
 * A missing source is a configuration error, found before anything is submitted.
 *
 * <p>A destination that is one plain name is the file's sandbox name; a nested or absolute one
 * is delivered under a flat sandbox name and moved into place by the job prelude (sandbox file
 * names cannot contain '/').
 */
final class CypressBinds {
    private static final String OPTION = "bind_cypress.source";

    private CypressBinds() {}

    /** Every file {@code binds} deliver, in order, each with its destination path. */
    static List<BindCypress> expand(YtClient client, List<BindCypress> binds) {
        List<BindCypress> files = new ArrayList<>();
        for (BindCypress bind : binds) {
            collect(client, bind.source(), bind.destination(), bind.attributes(), bind.source(),
                    new LinkedHashSet<>(), files);
        }
        return files;
    }

    /** The {@code file_paths} entries and prelude moves for expanded files. */
    static Delivery deliver(List<BindCypress> files) {
        List<JsonNode> paths = new ArrayList<>();
        List<JobCommand.Move> moves = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            BindCypress file = files.get(i);
            if (file.destination().contains("/")) {
                String flat = "tractorun_cypress_" + i;
                paths.add(FilePaths.cypressBind(new BindCypress(file.source(), flat, file.attributes())));
                moves.add(new JobCommand.Move(flat, file.destination()));
            } else {
                paths.add(FilePaths.cypressBind(file));
            }
        }
        return new Delivery(paths, moves);
    }

    record Delivery(List<JsonNode> filePaths, List<JobCommand.Move> moves) {}

    private static void collect(YtClient client, String path, String destination, BindAttributes attributes,
                                String bindSource, Set<String> linksSeen, List<BindCypress> files) {
        String type = typeOf(client, path, bindSource);
        switch (type) {
            case "link" -> {
                if (!linksSeen.add(path)) {
                    List<String> cycle = new ArrayList<>(linksSeen);
                    cycle = cycle.subList(cycle.indexOf(path), cycle.size());
                    throw new TractorunConfigException(OPTION, bindSource,
                            "a file, map node or link without cycles; links form a cycle: "
                                    + String.join(" -> ", cycle) + " -> " + path);
                }
                String target = client.get(path + "&/@target_path").asText();
                collect(client, target, destination, attributes, bindSource, linksSeen, files);
            }
            case "file" -> files.add(new BindCypress(path, destination, attributes));
            case "map_node" -> {
                for (String child : client.list(path).stream().sorted().toList()) {
                    // A new branch: a link seen on the way here does not make a sibling's link a cycle.
                    collect(client, path + "/" + child, destination + "/" + child, attributes, bindSource,
                            new LinkedHashSet<>(linksSeen), files);
                }
            }
            default -> throw new TractorunConfigException(OPTION, bindSource,
                    "a file, map node or link to one; " + path + " is a " + type);
        }
    }

    private static String typeOf(YtClient client, String path, String bindSource) {
        try {
            return client.get(path + "&/@type").asText();
        } catch (YtException e) {
            if (e.isResolveError()) {
                throw new TractorunConfigException(OPTION, bindSource, "an existing Cypress node; "
                        + (path.equals(bindSource) ? "it does not exist" : path + " does not exist"));
            }
            throw e;
        }
    }
}
