package io.anneal.training.internal.kernel;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@code C = alpha * op(A) * op(B) + beta * C} on row-major float matrices, through the OpenBLAS that
 * ND4J itself loads (so ND4J's BLAS thread setting applies). Each pointer's position is its offset.
 */
final class RowMajorGemm {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private RowMajorGemm() {
    }

    /**
     * @param transA use A transposed; A is stored as (transA ? k x m : m x k) with row stride lda
     * @param transB use B transposed; B is stored as (transB ? n x k : k x n) with row stride ldb
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda,
            FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                1f, a, lda, b, ldb, beta, c, ldc);
    }
}
