package io.hybridstore.common.error;

/** What a problem's detail may quote of a request (a path, a query, a header). Pure. */
public final class Detail {

    /** Text quoted in a detail is cut here: a detail is for people, not an echo of any size. */
    static final int QUOTED_MAX = 200;

    private Detail() {
    }

    /** {@code text} as a detail quotes it: cut past {@value #QUOTED_MAX} chars, "(none)" when absent. */
    public static String quoted(String text) {
        if (text == null) {
            return "(none)";
        }
        return text.length() <= QUOTED_MAX ? text : text.substring(0, QUOTED_MAX) + "…";
    }
}
