// The C surface of OpenBLAS that msoko uses.
//
// BLAS comes from OpenBLAS's own <cblas.h>. The LAPACK routines are exported
// by OpenBLAS with the Fortran calling convention (every argument by address,
// trailing underscore); they are declared here rather than taken from
// <lapacke.h> so that only libopenblas is needed at link time. Each routine
// that takes CHARACTER arguments receives their hidden lengths (gfortran
// passes them as size_t after the visible arguments).
#ifndef MSOKO_COPENBLAS_SHIM_H
#define MSOKO_COPENBLAS_SHIM_H

#include <stddef.h>
#include <cblas.h>

typedef int lapack_int;

// Singular value decomposition, divide and conquer.
void dgesdd_(const char *jobz, const lapack_int *m, const lapack_int *n,
             double *a, const lapack_int *lda, double *s,
             double *u, const lapack_int *ldu, double *vt, const lapack_int *ldvt,
             double *work, const lapack_int *lwork, lapack_int *iwork,
             lapack_int *info, size_t jobz_len);

// Symmetric eigen-decomposition, relatively robust representations.
void dsyevr_(const char *jobz, const char *range, const char *uplo,
             const lapack_int *n, double *a, const lapack_int *lda,
             const double *vl, const double *vu,
             const lapack_int *il, const lapack_int *iu, const double *abstol,
             lapack_int *m, double *w, double *z, const lapack_int *ldz,
             lapack_int *isuppz, double *work, const lapack_int *lwork,
             lapack_int *iwork, const lapack_int *liwork, lapack_int *info,
             size_t jobz_len, size_t range_len, size_t uplo_len);

// Minimum-norm least squares through the SVD, divide and conquer.
void dgelsd_(const lapack_int *m, const lapack_int *n, const lapack_int *nrhs,
             double *a, const lapack_int *lda, double *b, const lapack_int *ldb,
             double *s, const double *rcond, lapack_int *rank,
             double *work, const lapack_int *lwork, lapack_int *iwork,
             lapack_int *info);

// Cholesky factorisation and solve.
void dpotrf_(const char *uplo, const lapack_int *n, double *a,
             const lapack_int *lda, lapack_int *info, size_t uplo_len);
void dpotrs_(const char *uplo, const lapack_int *n, const lapack_int *nrhs,
             const double *a, const lapack_int *lda, double *b,
             const lapack_int *ldb, lapack_int *info, size_t uplo_len);

#endif
