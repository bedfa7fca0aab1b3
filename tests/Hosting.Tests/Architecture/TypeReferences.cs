using System.Reflection;
using System.Reflection.Emit;

namespace UnixDatagram.Hosting.Tests.Architecture;

/// <summary>
/// The types a compiled type uses: its base type and interfaces, field, property, parameter, return and local
/// types, and every type, method and field its IL names (so a call into another folder counts even when no
/// signature shows it). Compiler-generated nested types (lambdas, async state machines) count for the type that
/// declares them.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The types <paramref name="type"/> (and the types nested in it) use, generic arguments unwrapped.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        Collect(type, found);
        return found;
    }

    private static void Collect(Type type, HashSet<Type> found)
    {
        Add(type.BaseType, found);
        foreach (var i in type.GetInterfaces())
        {
            Add(i, found);
        }

        foreach (var field in type.GetFields(All))
        {
            Add(field.FieldType, found);
        }

        foreach (var property in type.GetProperties(All))
        {
            Add(property.PropertyType, found);
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType, found);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType, found);
            }

            var body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (var local in body.LocalVariables)
            {
                Add(local.LocalType, found);
            }

            foreach (var member in MembersNamedBy(method, body.GetILAsByteArray() ?? []))
            {
                switch (member)
                {
                    case Type t:
                        Add(t, found);
                        break;
                    case FieldInfo f:
                        Add(f.DeclaringType, found);
                        Add(f.FieldType, found);
                        break;
                    case MethodBase m:
                        Add(m.DeclaringType, found);
                        if (m is MethodInfo mi)
                        {
                            Add(mi.ReturnType, found);
                            if (mi.IsGenericMethod)
                            {
                                foreach (var argument in mi.GetGenericArguments())
                                {
                                    Add(argument, found);
                                }
                            }
                        }

                        break;
                }
            }
        }

        foreach (var nested in type.GetNestedTypes(All))
        {
            Collect(nested, found);
        }
    }

    /// <summary>The members the IL's metadata tokens name (call, newobj, ldfld, box, castclass, ldtoken, ...).</summary>
    private static IEnumerable<MemberInfo> MembersNamedBy(MethodBase method, byte[] il)
    {
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[i++]);
            }

            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    yield return method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments)!;
                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }

    private static void Add(Type? type, HashSet<Type> found)
    {
        while (type is not null && type.HasElementType)
        {
            type = type.GetElementType();
        }

        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Add(argument, found);
            }

            type = type.GetGenericTypeDefinition();
        }

        found.Add(type);
    }
}
