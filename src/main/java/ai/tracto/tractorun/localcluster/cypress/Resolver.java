package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.ypath.PathToken;
import ai.tracto.tractorun.localcluster.ypath.YPath;
import java.util.List;
import java.util.Map;

/**
 * Walks a YPath through the tree of one view, following links (unless {@code &}) and stopping
 * where the path leaves the tree: at an attribute, inside a value node, or at a missing key.
 */
final class Resolver {
    private static final int MAX_LINK_HOPS = 32;

    /** Where a walk stopped: the last node reached and how many tokens led there. */
    record Walk(String nodeId, int consumed, List<PathToken> tokens, String text) {
        List<PathToken> rest() {
            return tokens.subList(consumed, tokens.size());
        }

        boolean reachedNode() {
            return consumed == tokens.size();
        }
    }

    private final View view;

    Resolver(View view) {
        this.view = view;
    }

    Walk walk(YPath path) {
        return walk(path, 0);
    }

    private Walk walk(YPath path, int hops) {
        String current = path.rootObjectId().orElse(view.store.rootId);
        if (view.find(current).isEmpty()) {
            throw new ServerError(ErrorCodes.RESOLVE_ERROR, "No such object #" + current, Map.of("path", path.text()));
        }
        List<PathToken> tokens = path.tokens();
        int i = 0;
        while (true) {
            NodeState state = view.state(current);
            boolean follow = !(i > 0 && tokens.get(i - 1).noFollow());
            if (state.type() == NodeType.LINK && follow) {
                if (hops >= MAX_LINK_HOPS) {
                    throw new ServerError(ErrorCodes.RESOLVE_ERROR, "Cannot resolve " + path.text()
                            + ": link " + view.pathOf(current) + " is part of a link cycle", Map.of("path", path.text()));
                }
                String target = state.value().asText();
                Walk targetWalk;
                try {
                    targetWalk = walk(YPath.parse(target), hops + 1);
                } catch (ServerError e) {
                    if (e.code() == ErrorCodes.RESOLVE_ERROR && e.getMessage().contains("link cycle")) {
                        throw e;
                    }
                    throw new ServerError(ErrorCodes.RESOLVE_ERROR, "Link " + view.pathOf(current)
                            + " points to a missing node " + target, Map.of("path", path.text()));
                }
                if (!targetWalk.reachedNode()) {
                    throw new ServerError(ErrorCodes.RESOLVE_ERROR, "Link " + view.pathOf(current)
                            + " points to a missing node " + target, Map.of("path", path.text()));
                }
                current = targetWalk.nodeId();
                hops++;
                continue;
            }
            if (i == tokens.size()) {
                return new Walk(current, i, tokens, path.text());
            }
            PathToken token = tokens.get(i);
            if (token.attribute() || state.type().holdsValue()) {
                return new Walk(current, i, tokens, path.text());
            }
            if (state.type() != NodeType.MAP_NODE) {
                throw new ServerError(ErrorCodes.RESOLVE_ERROR, "Node " + view.pathOf(current) + " of type "
                        + state.type().wireName() + " has no child \"" + token.name() + "\"", Map.of("path", path.text()));
            }
            String child = state.children().get(token.name());
            if (child == null) {
                return new Walk(current, i, tokens, path.text());
            }
            current = child;
            i++;
        }
    }

    /** Resolves a path that must name an existing node (attribute/value suffix allowed). */
    Walk resolve(YPath path) {
        Walk walk = walk(path);
        if (!walk.reachedNode()) {
            PathToken next = walk.tokens().get(walk.consumed());
            if (!next.attribute() && !view.state(walk.nodeId()).type().holdsValue()) {
                throw missing(path, walk);
            }
        }
        return walk;
    }

    ServerError missing(YPath path, Walk walk) {
        PathToken next = walk.tokens().get(walk.consumed());
        return new ServerError(ErrorCodes.RESOLVE_ERROR, "Node " + view.pathOf(walk.nodeId())
                + " has no child with key \"" + next.name() + "\"", Map.of("path", path.text()));
    }
}
