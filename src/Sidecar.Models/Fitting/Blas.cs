using System.Numerics;
using System.Runtime.InteropServices;

namespace Sidecar.Models.Fitting;

/// <summary>The few dense kernels the solvers need, vectorised with <see cref="Vector{T}"/>.</summary>
internal static class Blas
{
    /// <summary>Σ a[i]·b[i].</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        var i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count * 2)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            var k = 0;
            for (; k + 1 < va.Length; k += 2)
            {
                acc0 += va[k] * vb[k];
                acc1 += va[k + 1] * vb[k + 1];
            }

            if (k < va.Length)
            {
                acc0 += va[k] * vb[k];
            }

            sum = Vector.Sum(acc0 + acc1);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y += alpha·x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = x.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var va = new Vector<double>(alpha);
            for (var k = 0; k < vx.Length; k++)
            {
                vy[k] += va * vx[k];
            }

            i = vx.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>
    /// Gram matrix G = XᵀX of a row-major <paramref name="rows"/> × <paramref name="cols"/> matrix, full
    /// symmetric result (row-major). Blocks of rows are transposed into a column-major scratch that stays in
    /// cache, then every column pair is one vectorised dot product over the block.
    /// </summary>
    public static double[] Gram(ReadOnlySpan<double> x, int rows, int cols)
    {
        const int BlockRows = 512;
        var g = new double[cols * cols];
        var block = new double[cols * BlockRows];
        for (var start = 0; start < rows; start += BlockRows)
        {
            var len = Math.Min(BlockRows, rows - start);
            for (var r = 0; r < len; r++)
            {
                var row = x.Slice((start + r) * cols, cols);
                for (var c = 0; c < cols; c++)
                {
                    block[(c * BlockRows) + r] = row[c];
                }
            }

            for (var a = 0; a < cols; a++)
            {
                var colA = block.AsSpan(a * BlockRows, len);
                for (var b = 0; b <= a; b++)
                {
                    g[(a * cols) + b] += Dot(colA, block.AsSpan(b * BlockRows, len));
                }
            }
        }

        for (var a = 0; a < cols; a++)
        {
            for (var b = 0; b < a; b++)
            {
                g[(b * cols) + a] = g[(a * cols) + b];
            }
        }

        return g;
    }
}
