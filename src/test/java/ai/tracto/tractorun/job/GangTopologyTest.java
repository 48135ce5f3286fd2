package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class GangTopologyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final GangTopology topology = new GangTopology(List.of(
            new GangTopology.Member(new Endpoint("10.0.0.1", 29500), "job-a"),
            new GangTopology.Member(new Endpoint("[2a02:6b8::1]", 29501), "job-b")));

    @Test
    void theJsonIsAListOfAddressAndJobIdByNodeIndex() {
        assertThat(topology.toJson().toString()).isEqualTo("[{\"address\":\"10.0.0.1:29500\",\"job_id\":\"job-a\"},"
                + "{\"address\":\"[2a02:6b8::1]:29501\",\"job_id\":\"job-b\"}]");
    }

    @Test
    void theJsonReadsBackToTheSameTopology() {
        assertThat(GangTopology.fromJson(topology.toJson())).isEqualTo(topology);
    }

    @Test
    void thePrimaryIsNodeZero() {
        assertThat(topology.primaryEndpoint()).isEqualTo(new Endpoint("10.0.0.1", 29500));
        assertThat(topology.size()).isEqualTo(2);
    }

    @Test
    void aMalformedElementIsNamedByItsIndex() throws Exception {
        assertThatThrownBy(() -> GangTopology.fromJson(MAPPER.readTree(
                "[{\"address\":\"h:1\",\"job_id\":\"j\"},{\"address\":\"h:2\"}]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topology[1] must be {address, job_id} strings, got {\"address\":\"h:2\"}");
        assertThatThrownBy(() -> GangTopology.fromJson(MAPPER.readTree("{}")))
                .hasMessage("topology must be a list of {address, job_id}, got {}");
        assertThatThrownBy(() -> GangTopology.fromJson(MAPPER.readTree("[]")))
                .hasMessage("a topology needs at least the primary node");
    }
}
