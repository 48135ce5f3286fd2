package ai.tracto.tractorun.yt;

import java.util.Iterator;

/** An iterator over a streamed response; close it to release the connection early. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}
