package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class JobIdentityTest {
    private final Map<String, String> env = new HashMap<>(Map.of(
            "YT_OPERATION_ID", "op-1", "YT_JOB_ID", "job-7", "YT_JOB_COOKIE", "2", "YT_PORT_0", "24000",
            "YT_IP_ADDRESS_DEFAULT", "10.1.2.3"));

    @Test
    void theIdentityComesFromTheJobVariables() {
        env.put("YT_PORT_2", "24002");
        assertThat(JobIdentity.fromEnvironment(env, 2))
                .isEqualTo(new JobIdentity("op-1", "job-7", 2, new Endpoint("10.1.2.3", 24000), OptionalInt.of(24002)));
    }

    @Test
    void theBarrierPortIsThePortAfterThoseOfTheProcessesAndOptional() {
        env.put("YT_PORT_1", "24001");
        assertThat(JobIdentity.fromEnvironment(env, 1).barrierPort()).isEqualTo(OptionalInt.of(24001));
        assertThat(JobIdentity.fromEnvironment(env, 2).barrierPort()).isEmpty();
        env.put("YT_PORT_2", "x");
        assertThatThrownBy(() -> JobIdentity.fromEnvironment(env, 2)).isInstanceOf(BootstrapException.class)
                .hasMessage("YT_PORT_2 must be an integer, got 'x'");
    }

    @Test
    void testsAndBenchmarksGetAnyFreeBarrierPort() {
        assertThat(new JobIdentity("op-1", "job-7", 0, new Endpoint("127.0.0.1", 1)).barrierPort())
                .isEqualTo(OptionalInt.of(0));
    }

    @Test
    void onlyCookieZeroIsThePrimary() {
        assertThat(JobIdentity.fromEnvironment(env, 2).isPrimary()).isFalse();
        env.put("YT_JOB_COOKIE", "0");
        assertThat(JobIdentity.fromEnvironment(env, 2).isPrimary()).isTrue();
    }

    @Test
    void anIpv6AddressIsBracketed() {
        env.put("YT_IP_ADDRESS_DEFAULT", "2a02:6b8::1");
        assertThat(JobIdentity.fromEnvironment(env, 2).endpoint().toString()).isEqualTo("[2a02:6b8::1]:24000");
    }

    @Test
    void withoutTheClusterAddressTheHostsOwnIsUsed() {
        env.remove("YT_IP_ADDRESS_DEFAULT");
        assertThat(JobIdentity.fromEnvironment(env, 2).endpoint().host()).isNotEmpty();
    }

    @Test
    void aMissingOrMalformedVariableIsNamed() {
        env.remove("YT_PORT_0");
        assertThatThrownBy(() -> JobIdentity.fromEnvironment(env, 2)).isInstanceOf(BootstrapException.class)
                .hasMessage("YT_PORT_0 is not set: the task needs port_count of at least 1");
        env.put("YT_PORT_0", "24000");
        env.put("YT_JOB_COOKIE", "two");
        assertThatThrownBy(() -> JobIdentity.fromEnvironment(env, 2))
                .hasMessage("YT_JOB_COOKIE must be an integer, got 'two'");
        env.remove("YT_OPERATION_ID");
        assertThatThrownBy(() -> JobIdentity.fromEnvironment(env, 2))
                .hasMessage("YT_OPERATION_ID is not set: the bootstrap must run as a job of a YTsaurus vanilla"
                        + " operation");
    }
}
