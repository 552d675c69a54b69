package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A page's step times on a fake ticker, their sum over pages, and the log line operators read. */
class PageTimesTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void eachStepGetsTheTimeBetweenItsStartAndStop() {
        PageTimes page = new PageTimes(nanos::get);
        long scan = page.start();
        nanos.addAndGet(4_000_000);
        page.stop(PageTimes.Step.SCAN, scan);
        long write = page.start();
        nanos.addAndGet(9_000_000);
        page.stop(PageTimes.Step.WRITE, write);
        page.records(200);
        page.repairs(180);
        page.copies(270);
        page.requests(14);
        page.committed(179);

        assertEquals(4_000_000, page.nanos(PageTimes.Step.SCAN));
        assertEquals(9_000_000, page.nanos(PageTimes.Step.WRITE));
        assertEquals(0, page.nanos(PageTimes.Step.COMMIT));
        assertEquals(13_000_000, page.elapsedNanos());
        assertEquals("200 records, 180 to repair (270 copies, 14 requests), 179 committed in 13 ms: scan 4, queued 0, audit 0, plan 0,"
                + " read 0, rebuild 0, write 9, large 0, commit 0 ms", page.describe());
    }

    @Test
    void aPassAddsUpItsPages() {
        PageTimes pass = new PageTimes(nanos::get);
        for (int i = 0; i < 3; i++) {
            PageTimes page = new PageTimes(nanos::get);
            long commit = page.start();
            nanos.addAndGet(2_000_000);
            page.stop(PageTimes.Step.COMMIT, commit);
            page.records(10);
            page.committed(i);
            pass.add(page);
        }
        assertEquals(6_000_000, pass.nanos(PageTimes.Step.COMMIT));
        assertEquals(30, pass.records());
        assertEquals(3, pass.committed());
    }
}
