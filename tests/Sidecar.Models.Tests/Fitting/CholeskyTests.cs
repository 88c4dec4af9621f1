using Sidecar.Models.Fitting;

namespace Sidecar.Models.Tests.Fitting;

public sealed class CholeskyTests
{
    [Fact]
    public void Solve_RandomSpdSystem_RecoversSolution()
    {
        const int n = 37;
        var rnd = new Random(1);
        var b = new double[n * n];
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = rnd.NextDouble() - 0.5;
        }

        // A = BᵀB + I is symmetric positive definite
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = i == j ? 1 : 0;
                for (var k = 0; k < n; k++)
                {
                    sum += b[(k * n) + i] * b[(k * n) + j];
                }

                a[(i * n) + j] = sum;
            }
        }

        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i)).ToArray();
        var rhs = new double[n];
        for (var i = 0; i < n; i++)
        {
            rhs[i] = Blas.Dot(a.AsSpan(i * n, n), x);
        }

        Cholesky.Factor(a, n).Solve(rhs);

        for (var i = 0; i < n; i++)
        {
            Assert.Equal(x[i], rhs[i], 9);
        }
    }

    [Fact]
    public void InverseQuadratics_RandomSpdSystem_EqualEachRowTimesItsSolve()
    {
        const int n = 23;
        const int rows = 300; // more than one block of rows
        var rnd = new Random(4);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                a[(i * n) + j] = a[(j * n) + i] = (i == j ? n : 0) + rnd.NextDouble() - 0.5;
            }
        }

        var x = Enumerable.Range(0, rows * n).Select(i => Math.Cos(3 * i) + 0.1).ToArray();
        var chol = Cholesky.Factor(a, n);
        var result = new double[rows];

        chol.InverseQuadratics(x, [.. Enumerable.Range(0, rows)], result);

        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * n, n);
            var solved = row.ToArray();
            chol.Solve(solved);
            Assert.Equal(Blas.Dot(row, solved), result[r], 10);
        }
    }

    [Fact]
    public void InverseQuadratics_ListedRows_InTheirOrder()
    {
        const int n = 5;
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] = i + 1;
        }

        // A = diag(1..5), rows e₀·k: xᵀA⁻¹x = k²
        var x = new double[4 * n];
        for (var r = 0; r < 4; r++)
        {
            x[r * n] = r + 1;
        }

        var result = new double[3];
        Cholesky.Factor(a, n).InverseQuadratics(x, [3, 0, 2], result);

        Assert.Equal([16.0, 1.0, 9.0], result);
    }

    [Fact]
    public void Gram_MatchesNaiveProduct()
    {
        const int rows = 1300, cols = 9;
        var rnd = new Random(2);
        var x = Enumerable.Range(0, rows * cols).Select(_ => rnd.NextDouble()).ToArray();

        var g = Blas.Gram(x, rows, cols);

        for (var a = 0; a < cols; a++)
        {
            for (var c = 0; c < cols; c++)
            {
                double sum = 0;
                for (var r = 0; r < rows; r++)
                {
                    sum += x[(r * cols) + a] * x[(r * cols) + c];
                }

                Assert.Equal(sum, g[(a * cols) + c], 9);
            }
        }
    }
}
