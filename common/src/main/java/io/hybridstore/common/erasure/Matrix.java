package io.hybridstore.common.erasure;

import java.util.Arrays;

/**
 * A small dense matrix over GF(2^8), only as big as a shard set (at most 256×256). Used to build the
 * encoding matrix and to invert sub-matrices for decoding; the bulk work on shard bytes happens in a
 * {@link CodingLoop}, never here.
 */
final class Matrix {

    private final int rows;
    private final int columns;
    private final byte[][] data;

    Matrix(int rows, int columns) {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("matrix dimensions must be positive: " + rows + "x" + columns);
        }
        this.rows = rows;
        this.columns = columns;
        this.data = new byte[rows][columns];
    }

    static Matrix identity(int size) {
        Matrix m = new Matrix(size, size);
        for (int i = 0; i < size; i++) {
            m.data[i][i] = 1;
        }
        return m;
    }

    /** V[r][c] = r^c in GF(2^8), with 0^0 = 1. Any {@code columns} rows of it are independent. */
    static Matrix vandermonde(int rows, int columns) {
        Matrix m = new Matrix(rows, columns);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                m.data[r][c] = Galois.exp((byte) r, c);
            }
        }
        return m;
    }

    int rows() {
        return rows;
    }

    int columns() {
        return columns;
    }

    byte get(int r, int c) {
        return data[r][c];
    }

    void set(int r, int c, byte value) {
        data[r][c] = value;
    }

    /** A copy of row {@code r}. */
    byte[] row(int r) {
        return data[r].clone();
    }

    Matrix times(Matrix right) {
        if (columns != right.rows) {
            throw new IllegalArgumentException(
                    "cannot multiply " + rows + "x" + columns + " by " + right.rows + "x" + right.columns);
        }
        Matrix result = new Matrix(rows, right.columns);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < right.columns; c++) {
                byte value = 0;
                for (int i = 0; i < columns; i++) {
                    value ^= Galois.multiply(data[r][i], right.data[i][c]);
                }
                result.data[r][c] = value;
            }
        }
        return result;
    }

    /** Rows [rowStart, rowEnd) and columns [columnStart, columnEnd). */
    Matrix subMatrix(int rowStart, int columnStart, int rowEnd, int columnEnd) {
        Matrix result = new Matrix(rowEnd - rowStart, columnEnd - columnStart);
        for (int r = rowStart; r < rowEnd; r++) {
            System.arraycopy(data[r], columnStart, result.data[r - rowStart], 0, columnEnd - columnStart);
        }
        return result;
    }

    /** The matrix made of the given rows of this one, in the given order. */
    Matrix selectRows(int[] rowIndexes) {
        Matrix result = new Matrix(rowIndexes.length, columns);
        for (int i = 0; i < rowIndexes.length; i++) {
            System.arraycopy(data[rowIndexes[i]], 0, result.data[i], 0, columns);
        }
        return result;
    }

    /**
     * The inverse, by Gauss-Jordan elimination on [this | I].
     *
     * @throws IllegalArgumentException if the matrix is not square
     * @throws ArithmeticException if it is singular
     */
    Matrix invert() {
        if (rows != columns) {
            throw new IllegalArgumentException("only square matrices can be inverted: " + rows + "x" + columns);
        }
        int n = rows;
        byte[][] work = new byte[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(data[r], 0, work[r], 0, n);
            work[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("matrix is singular");
            }
            byte[] swap = work[col];
            work[col] = work[pivot];
            work[pivot] = swap;

            byte[] pivotRow = work[col];
            byte scale = Galois.divide((byte) 1, pivotRow[col]);
            for (int c = 0; c < 2 * n; c++) {
                pivotRow[c] = Galois.multiply(pivotRow[c], scale);
            }
            for (int r = 0; r < n; r++) {
                byte factor = work[r][col];
                if (r != col && factor != 0) {
                    for (int c = 0; c < 2 * n; c++) {
                        work[r][c] ^= Galois.multiply(factor, pivotRow[c]);
                    }
                }
            }
        }
        Matrix inverse = new Matrix(n, n);
        for (int r = 0; r < n; r++) {
            System.arraycopy(work[r], n, inverse.data[r], 0, n);
        }
        return inverse;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Matrix m && rows == m.rows && columns == m.columns && Arrays.deepEquals(data, m.data);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (byte[] row : data) {
            for (int c = 0; c < columns; c++) {
                sb.append(c == 0 ? "" : " ").append(String.format("%02x", row[c] & 0xFF));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
