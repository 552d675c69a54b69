package io.hybridstore.node.store;

import java.nio.channels.FileChannel;
import java.nio.file.attribute.BasicFileAttributes;

/** A chunk file opened for reading, with the attributes (file key) of that very file, read under the id's lock. */
record OpenedChunk(FileChannel channel, BasicFileAttributes attributes) {
}
