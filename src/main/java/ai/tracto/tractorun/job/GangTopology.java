package ai.tracto.tractorun.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every node of one incarnation, by node index: the value of the incarnation's {@code @topology},
 * {@code [{"address": "host:port", "job_id": "..."}, ...]}. Element 0 is the primary.
 */
public record GangTopology(List<Member> nodes) {
    /** One node: where it can be reached and which job it is. */
    public record Member(Endpoint address, String jobId) {
        public Member {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(jobId, "jobId");
        }
    }

    public GangTopology {
        nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a topology needs at least the primary node");
        }
    }

    public Endpoint primaryEndpoint() {
        return nodes.get(0).address();
    }

    public int size() {
        return nodes.size();
    }

    public ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Member member : nodes) {
            array.addObject()
                    .put(TrainingDirectory.ADDRESS, member.address().toString())
                    .put(TrainingDirectory.JOB_ID, member.jobId());
        }
        return array;
    }

    /**
     * Reads {@link #toJson()}'s form.
     *
     * @throws IllegalArgumentException naming the element that is not {@code {address, job_id}}
     */
    public static GangTopology fromJson(JsonNode json) {
        if (json == null || !json.isArray()) {
            throw new IllegalArgumentException("topology must be a list of {address, job_id}, got " + json);
        }
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            JsonNode element = json.get(i);
            JsonNode address = element.get(TrainingDirectory.ADDRESS);
            JsonNode jobId = element.get(TrainingDirectory.JOB_ID);
            if (address == null || !address.isTextual() || jobId == null || !jobId.isTextual()) {
                throw new IllegalArgumentException("topology[" + i + "] must be {address, job_id} strings, got "
                        + element);
            }
            members.add(new Member(Endpoint.parse(address.asText()), jobId.asText()));
        }
        return new GangTopology(members);
    }
}
