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
