package io.hybridstore.common.spi.memory;

import io.hybridstore.common.spi.UploadRegistry;
import java.util.List;
import java.util.TreeMap;

/** The upload registry in memory (entries never expire here: tests end them). */
public final class InMemoryUploadRegistry implements UploadRegistry {

    private final TreeMap<String, Upload> uploads = new TreeMap<>();

    @Override
    public synchronized void begin(Upload upload) {
        uploads.put(upload.uploadId(), upload);
    }

    @Override
    public synchronized boolean active(String uploadId) {
        return uploads.containsKey(uploadId);
    }

    @Override
    public synchronized boolean end(String uploadId) {
        return uploads.remove(uploadId) != null;
    }

    @Override
    public synchronized List<Upload> list(int limit) {
        return uploads.values().stream().limit(limit).toList();
    }
}
