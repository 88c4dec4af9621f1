namespace Sidecar.Models.Fitting;

/// <summary>
/// Cholesky factorization of a small symmetric positive-definite matrix (the penalised normal equations),
/// stored row-major. Immutable after construction; thread-safe for concurrent solves.
/// </summary>
internal sealed class Cholesky
{
    private readonly double[] _l;

    private Cholesky(double[] l, int size)
    {
        _l = l;
        Size = size;
    }

    /// <summary>Matrix dimension.</summary>
    public int Size { get; }

    /// <summary>
    /// Factors <paramref name="matrix"/> (row-major, <paramref name="size"/>²; only the lower triangle is read).
    /// A pivot that is not positive gets a tiny jitter relative to the diagonal so near-singular systems (a
    /// feature that never fires in the window) still solve; the penalty normally prevents that.
    /// </summary>
    public static Cholesky Factor(ReadOnlySpan<double> matrix, int size)
    {
        var l = new double[size * size];
        double maxDiag = 0;
        for (var i = 0; i < size; i++)
        {
            maxDiag = Math.Max(maxDiag, Math.Abs(matrix[(i * size) + i]));
        }

        var floor = Math.Max(maxDiag, 1.0) * 1e-13;
        for (var i = 0; i < size; i++)
        {
            var rowI = l.AsSpan(i * size, size);
            for (var j = 0; j <= i; j++)
            {
                var rowJ = l.AsSpan(j * size, size);
                var sum = matrix[(i * size) + j] - Blas.Dot(rowI[..j], rowJ[..j]);
                if (i == j)
                {
                    rowI[i] = Math.Sqrt(sum > floor ? sum : floor);
                }
                else
                {
                    rowI[j] = sum / rowJ[j];
                }
            }
        }

        return new Cholesky(l, size);
    }

    /// <summary>
    /// xᵀA⁻¹x for each row x of the row-major matrix <paramref name="x"/> (<see cref="Size"/> columns) listed in
    /// <paramref name="rows"/>, written to <paramref name="result"/> in that order: each row's leverage in the
    /// penalised normal equations, |L⁻¹x|². Blocks of the listed rows are gathered into a column-major scratch, so the
    /// forward substitution is one vectorised update over the block per pair of columns.
    /// </summary>
    public void InverseQuadratics(ReadOnlySpan<double> x, ReadOnlySpan<int> rows, Span<double> result)
    {
        const int block = 256;
        var n = Size;
        var l = _l.AsSpan();
        var z = System.Buffers.ArrayPool<double>.Shared.Rent(n * block);
        try
        {
            for (var r0 = 0; r0 < rows.Length; r0 += block)
            {
                var b = Math.Min(block, rows.Length - r0);
                for (var r = 0; r < b; r++)
                {
                    var row = x.Slice(rows[r0 + r] * n, n);
                    for (var c = 0; c < n; c++)
                    {
                        z[(c * b) + r] = row[c];
                    }
                }

                var sums = result.Slice(r0, b);
                sums.Clear();
                for (var i = 0; i < n; i++)
                {
                    var zi = z.AsSpan(i * b, b);
                    for (var k = 0; k < i; k++)
                    {
                        var lik = l[(i * n) + k];
                        if (lik != 0)
                        {
                            Blas.Axpy(-lik, z.AsSpan(k * b, b), zi);
                        }
                    }

                    var inverse = 1 / l[(i * n) + i];
                    for (var r = 0; r < b; r++)
                    {
                        var v = zi[r] * inverse;
                        zi[r] = v;
                        sums[r] += v * v;
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(z);
        }
    }

    /// <summary>Solves A x = b in place (<paramref name="rhs"/> becomes x).</summary>
    public void Solve(Span<double> rhs)
    {
        var n = Size;
        var l = _l.AsSpan();
        for (var i = 0; i < n; i++)
        {
            var row = l.Slice(i * n, n);
            rhs[i] = (rhs[i] - Blas.Dot(row[..i], rhs[..i])) / row[i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var sum = rhs[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= l[(k * n) + i] * rhs[k];
            }

            rhs[i] = sum / l[(i * n) + i];
        }
    }
}
