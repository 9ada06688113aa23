package org.hubdex.bench;

import java.util.List;

/** Renders rows as a Markdown table (first row = header), readable in a terminal and in a file. */
final class Table {
    private Table() {
    }

    static String render(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            sb.append('|');
            for (int c = 0; c < cols; c++) {
                sb.append(' ').append(pad(rows.get(i)[c], width[c], c > 0 && i > 0)).append(" |");
            }
            sb.append('\n');
            if (i == 0) {
                sb.append('|');
                for (int c = 0; c < cols; c++) {
                    sb.append('-').append("-".repeat(width[c])).append(c > 0 ? ":|" : "-|");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
