package ai.tracto.tractorun.localcluster.http;

/** How a command is called: its data kinds decide the HTTP method, as on a real proxy. */
record CommandDescriptor(String name, DataType input, DataType output, boolean mutating, boolean heavy) {
    String method() {
        if (input != DataType.NULL) {
            return "PUT";
        }
        return mutating ? "POST" : "GET";
    }
}
