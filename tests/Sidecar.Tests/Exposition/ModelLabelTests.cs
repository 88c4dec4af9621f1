using Sidecar.Exposition;
using Sidecar.Models;

namespace Sidecar.Tests.Exposition;

public sealed class ModelLabelTests
{
    [Fact]
    public void Of_Kinds_AreSnakeCase()
    {
        Assert.Equal("prophet", ModelLabel.Of(ModelKind.Prophet));
        Assert.Equal("seasonal_baseline", ModelLabel.Of(ModelKind.SeasonalBaseline));
    }
}
