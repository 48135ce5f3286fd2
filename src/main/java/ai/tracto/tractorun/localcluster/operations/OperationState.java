package ai.tracto.tractorun.localcluster.operations;

import java.util.Locale;

/** The subset of YTsaurus operation states a local vanilla operation goes through. */
enum OperationState {
    STARTING, RUNNING, ABORTING, ABORTED, FAILING, FAILED, COMPLETED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isFinished() {
        return this == ABORTED || this == FAILED || this == COMPLETED;
    }

    boolean isFinishing() {
        return this == ABORTING || this == FAILING;
    }
}
