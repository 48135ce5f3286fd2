package ai.tracto.tractorun.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a value was written — a flag, or a key path in a YAML file with its line — so that every
 * error names it the way the user wrote it. Also carries the directory relative local paths are
 * resolved against, because checking a bind's source is part of reading it.
 */
record Where(String option, String path, String file, Map<String, Integer> lines, Path baseDir) {

    static Where cli(String option, Path baseDir) {
        return new Where(option, "", null, Map.of(), baseDir);
    }

    static Where yaml(String path, String file, Map<String, Integer> lines, Path baseDir) {
        return new Where(null, path, file, lines, baseDir);
    }

    boolean isCli() {
        return option != null;
    }

    Where key(String key) {
        return new Where(option, path.isEmpty() ? key : path + "." + key, file, lines, baseDir);
    }

    Where index(int index) {
        return new Where(option, path + "[" + index + "]", file, lines, baseDir);
    }

    /** {@code --env}, {@code --bind-cypress attributes.executable}, {@code mesh.pool (run.yaml line 4)}. */
    String render() {
        if (isCli()) {
            return path.isEmpty() ? option : option + " " + path;
        }
        Integer line = lines.get(path);
        return line == null ? path + " (" + file + ")" : path + " (" + file + " line " + line + ")";
    }
}
