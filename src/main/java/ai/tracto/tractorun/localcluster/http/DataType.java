package ai.tracto.tractorun.localcluster.http;

/** Input and output kinds of a command, as named in command descriptors. */
enum DataType {
    NULL("null"), STRUCTURED("structured"), TABULAR("tabular"), BINARY("binary");

    final String wireName;

    DataType(String wireName) {
        this.wireName = wireName;
    }
}
