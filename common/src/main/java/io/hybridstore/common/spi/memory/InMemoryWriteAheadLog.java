package io.hybridstore.common.spi.memory;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.WriteAheadLog;
import java.util.ArrayList;
import java.util.List;

/** A single-partition log in memory; can be made unavailable to test the "WAL first" rule. */
public final class InMemoryWriteAheadLog implements WriteAheadLog {

    public record Entry(Version version, String key, byte[] payload) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private volatile boolean available = true;

    public void setAvailable(boolean available) {
        this.available = available;
    }

    @Override
    public synchronized Version append(String key, byte[] payload) {
        if (!available) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "write-ahead log unavailable");
        }
        Version version = new Version(0, entries.size());
        entries.add(new Entry(version, key, payload.clone()));
        return version;
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public void close() {
    }
}
