package org.hubdex.trends.internal;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Makes every RocksDB store of the instance share one block cache and one write-buffer budget, so memory stays
 * within {@value #MEMORY_CONFIG} bytes however many stores and segments there are (by default each RocksDB
 * instance gets its own 50 MB cache and up to 48 MB of memtables: dozens of segmented stores would take gigabytes).
 * Kafka Streams' recipe for bounded memory. The cache is created once per JVM, sized by the first configuration
 * seen.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Streams config key: total bytes for the cache and the write buffers. */
    public static final String MEMORY_CONFIG = "hubdex.trends.rocksdb.memory.bytes";

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(MEMORY_CONFIG);
        long total = configured == null ? 64L << 20 : Long.parseLong(configured.toString());
        shared(total);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(Math.max(1L << 20, total / 16));
    }

    private static synchronized void shared(long total) {
        if (cache == null) {
            // a quarter of the budget for memtables, counted against the same cache
            cache = new LRUCache(total, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(total / 4, cache);
        }
    }

    @Override
    public void close(String storeName, Options options) {
        // shared across stores and kept for the JVM's life: closing it here would break the other stores
    }
}
