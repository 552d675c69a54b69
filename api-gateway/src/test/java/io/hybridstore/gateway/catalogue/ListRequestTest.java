package io.hybridstore.gateway.catalogue;

import static io.hybridstore.gateway.catalogue.ListRequest.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.catalogue.ListFilter;
import io.hybridstore.common.catalogue.ListQuery;
import io.hybridstore.common.catalogue.Range;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListRequestTest {

    private static final Set<String> INDEXED = Set.of("owner", "score");

    @Test
    void readsEveryFilter() {
        ListQuery query = ListRequest.parse(params("prefix=p/", "after=" + ListRequest.cursor("p/k9"), "limit=5", "kind=document",
                "state=clean,dirty", "state=lost", "type=image/png", "size=10..", "modified=2026-01-01T00:00:00Z..1767225600001",
                "tag=a", "tag=b", "anyTag=x", "field.owner=ada", "field.score=1.50..2"), INDEXED);
        assertEquals("p/", query.prefix());
        assertEquals("p/k9", query.startAfter());
        assertEquals(5, query.limit());
        assertEquals(new ListFilter("document", Set.of("clean", "dirty", "lost"), "image/png", new Range<>(10L, null),
                new Range<>(1767225600000L, 1767225600001L), Set.of("a", "b"), Set.of("x"), Map.of("owner", "ada"),
                Map.of("score", new Range<>(new BigDecimal("1.50"), new BigDecimal("2")))), query.filter());
    }

    @Test
    void defaultsToAnUnfilteredPageOfAHundred() {
        ListQuery query = ListRequest.parse(params(), INDEXED);
        assertEquals(ListRequest.DEFAULT_LIMIT, query.limit());
        assertTrue(query.filter().isAll());
        assertNull(query.startAfter());
    }

    @Test
    void aNumericEqualityIsPutInItsCanonicalForm() {
        assertEquals(Map.of("score", "5"), ListRequest.parse(params("field.score=5.00"), INDEXED).filter().fields());
        assertEquals(Map.of("owner", "ada"), ListRequest.parse(params("field.owner=ada"), INDEXED).filter().fields());
    }

    @Test
    void theCursorRoundTripsAnyKey() {
        for (String key : List.of("a", "dir/sub/ключ", "emoji \ud83d\ude00", "+/=")) {
            assertEquals(key, ListRequest.cursorKey(ListRequest.cursor(key)));
        }
    }

    @Test
    void everyBadInputIsA400NamingItsParameter() {
        Map<String, String[]> cases = Map.ofEntries(
                Map.entry("bogus", new String[] {"bogus=1"}),
                Map.entry("limit", new String[] {"limit=1001"}),
                Map.entry("limit ", new String[] {"limit=0"}),
                Map.entry("limit  ", new String[] {"limit=ten"}),
                Map.entry("after", new String[] {"after=%%%"}),
                Map.entry("after ", new String[] {"after=" + java.util.Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xff})}),
                Map.entry("kind", new String[] {"kind=folder"}),
                Map.entry("state", new String[] {"state=clean,gone"}),
                Map.entry("size", new String[] {"size=9..3"}),
                Map.entry("size ", new String[] {"size=.."}),
                Map.entry("size  ", new String[] {"size=a..b"}),
                Map.entry("modified", new String[] {"modified=yesterday.."}),
                Map.entry("field.colour", new String[] {"field.colour=red"}),
                Map.entry("field.score", new String[] {"field.score=x..y"}),
                Map.entry("prefix", new String[] {"prefix=a", "prefix=b"}));
        int checked = 0;
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            StoreException e = assertThrows(StoreException.class, () -> ListRequest.parse(params(c.getValue()), INDEXED),
                    String.join("&", c.getValue()));
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
            assertTrue(e.getMessage().startsWith("parameter '" + c.getKey().trim() + "'"), e.getMessage());
            checked++;
        }
        assertEquals(15, checked);
    }
}
